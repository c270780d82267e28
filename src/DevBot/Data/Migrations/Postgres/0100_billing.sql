-- Billing: model prices, the credit ledger, per-build budgets, and the audit log.
-- Credit amounts are integer micro-credits (1 credit = 1,000,000), the same representation as on SQLite, so
-- both databases add them exactly in SQL. The API and the code speak decimal credits.

CREATE TABLE model_prices (
    model text NOT NULL PRIMARY KEY,
    provider text NOT NULL,
    input_usd_per_million numeric(20, 8) NOT NULL,
    output_usd_per_million numeric(20, 8) NOT NULL,
    active boolean NOT NULL DEFAULT true,
    source text NOT NULL CHECK (source IN ('seed', 'operator')),
    updated_at timestamptz NOT NULL
);

-- Shared with other features (admin actions from Telegram, price changes, grants).
CREATE TABLE IF NOT EXISTS audit_log (
    id uuid NOT NULL PRIMARY KEY,
    user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
    actor text NOT NULL,
    action text NOT NULL,
    details text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_log_created ON audit_log(created_at);

CREATE TABLE credit_transactions (
    id uuid NOT NULL PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('grant', 'purchase', 'usage', 'refund', 'adjustment')),
    amount_micros bigint NOT NULL,
    llm_call_id uuid NULL REFERENCES llm_calls(id),
    project_id uuid NULL REFERENCES projects(id) ON DELETE SET NULL,
    payment_id text NULL,
    stripe_event_id text NULL,
    description text NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (kind <> 'usage' OR (llm_call_id IS NOT NULL AND amount_micros <= 0)),
    CHECK (kind NOT IN ('grant', 'purchase') OR amount_micros > 0),
    CHECK (kind <> 'purchase' OR payment_id IS NOT NULL)
);
-- The database itself makes double charges and double grants impossible.
CREATE UNIQUE INDEX ux_credit_transactions_usage_call ON credit_transactions(llm_call_id) WHERE kind = 'usage';
CREATE UNIQUE INDEX ux_credit_transactions_purchase_payment ON credit_transactions(payment_id) WHERE kind = 'purchase';
CREATE UNIQUE INDEX ux_credit_transactions_stripe_event ON credit_transactions(stripe_event_id) WHERE stripe_event_id IS NOT NULL;
CREATE INDEX ix_credit_transactions_user_created ON credit_transactions(user_id, created_at);
CREATE INDEX ix_credit_transactions_user_amount ON credit_transactions(user_id, amount_micros);
CREATE INDEX ix_credit_transactions_project ON credit_transactions(project_id, kind, amount_micros);

-- Users who had a balance before the ledger existed get it as their first transaction (id = user id).
INSERT INTO credit_transactions (id, user_id, kind, amount_micros, description, created_at)
SELECT id, id, 'adjustment', round(credits * 1000000)::bigint,
       'Opening balance (before the credit ledger existed)', now()
FROM users WHERE credits <> 0;

-- users.credits is a cache of the ledger, maintained here and nowhere else: an atomic in-place increment
-- (the row lock serialises concurrent charges of one user; nothing is read-modified-written in the application).
CREATE FUNCTION credit_transactions_apply_to_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET credits = credits + NEW.amount_micros * 0.000001 WHERE id = NEW.user_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER tr_credit_transactions_balance AFTER INSERT ON credit_transactions
    FOR EACH ROW EXECUTE FUNCTION credit_transactions_apply_to_balance();

CREATE FUNCTION credit_transactions_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_transactions is append-only: add a correcting transaction instead';
END
$$;
CREATE TRIGGER tr_credit_transactions_append_only BEFORE UPDATE ON credit_transactions
    FOR EACH ROW EXECUTE FUNCTION credit_transactions_refuse_update();

-- A build's spending limit: MAX_CREDITS_PER_BUILD, raised by each "continue"; and why it last paused.
CREATE TABLE build_budgets (
    project_id uuid NOT NULL PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    cap_micros bigint NOT NULL,
    continues integer NOT NULL DEFAULT 0,
    paused_for text NULL CHECK (paused_for IN ('build_cap', 'balance')),
    updated_at timestamptz NOT NULL
);

-- Recent per-role averages (estimates) read the newest successful calls of a role.
CREATE INDEX ix_llm_calls_role_outcome_created ON llm_calls(role, outcome, created_at);
