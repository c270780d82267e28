-- Telegram Stars purchases, and the language a build's chat speaks.

-- One row per Telegram payment (telegram_payment_charge_id): a second successful_payment for the same charge
-- finds it and grants nothing. The payer's Telegram id is kept for refundStarPayment.
CREATE TABLE telegram_star_payments (
    charge_id text NOT NULL PRIMARY KEY,
    telegram_user_id bigint NOT NULL,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    pack text NULL,
    stars integer NOT NULL CHECK (stars > 0),
    credits_micros bigint NOT NULL CHECK (credits_micros >= 0),
    invoice_payload text NOT NULL,
    provider_charge_id text NULL,
    language text NULL,
    paid_at timestamptz NOT NULL,
    refunded_at timestamptz NULL
);
CREATE INDEX ix_telegram_star_payments_paid ON telegram_star_payments(paid_at);
CREATE INDEX ix_telegram_star_payments_user ON telegram_star_payments(user_id);

-- The ledger takes back a paid purchase at most once: a refund names the payment it reverses.
CREATE UNIQUE INDEX ux_credit_transactions_refund_payment ON credit_transactions(payment_id)
    WHERE kind = 'refund' AND payment_id IS NOT NULL;

-- A build's progress speaks the language of the chat that asked for it (NULL: English, as before).
ALTER TABLE telegram_project_chats ADD COLUMN language text NULL;
