-- Billing: model prices, the credit ledger, per-build budgets, and the audit log.
-- Credit amounts are integer micro-credits (1 credit = 1,000,000): SQLite has no decimal type, and integers
-- let the database itself add them exactly (SUM, triggers). The API and the code speak decimal credits.

CREATE TABLE model_prices (
    model TEXT NOT NULL PRIMARY KEY,
    provider TEXT NOT NULL,
    input_usd_per_million TEXT NOT NULL,
    output_usd_per_million TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL CHECK (source IN ('seed', 'operator')),
    updated_at TEXT NOT NULL
);

-- Shared with other features (admin actions from Telegram, price changes, grants).
CREATE TABLE IF NOT EXISTS audit_log (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NULL REFERENCES users(id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_log_created ON audit_log(created_at);

CREATE TABLE credit_transactions (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('grant', 'purchase', 'usage', 'refund', 'adjustment')),
    amount_micros INTEGER NOT NULL,
    llm_call_id TEXT NULL REFERENCES llm_calls(id),
    project_id TEXT NULL REFERENCES projects(id) ON DELETE SET NULL,
    payment_id TEXT NULL,
    stripe_event_id TEXT NULL,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (kind <> 'usage' OR (llm_call_id IS NOT NULL AND amount_micros <= 0)),
    CHECK (kind NOT IN ('grant', 'purchase') OR amount_micros > 0),
    CHECK (kind <> 'purchase' OR payment_id IS NOT NULL)
);
-- The database itself makes double charges and double grants impossible.
CREATE UNIQUE INDEX ux_credit_transactions_usage_call ON credit_transactions(llm_call_id) WHERE kind = 'usage';
CREATE UNIQUE INDEX ux_credit_transactions_purchase_payment ON credit_transactions(payment_id) WHERE kind = 'purchase';
CREATE UNIQUE INDEX ux_credit_transactions_stripe_event ON credit_transactions(stripe_event_id) WHERE stripe_event_id IS NOT NULL;
CREATE INDEX ix_credit_transactions_user_created ON credit_transactions(user_id, created_at);
-- Covers the balance trigger's SUM.
CREATE INDEX ix_credit_transactions_user_amount ON credit_transactions(user_id, amount_micros);
CREATE INDEX ix_credit_transactions_project ON credit_transactions(project_id, kind, amount_micros);

-- Users who had a balance before the ledger existed get it as their first transaction (id = user id).
INSERT INTO credit_transactions (id, user_id, kind, amount_micros, description, created_at)
SELECT id, id, 'adjustment', CAST(round(CAST(credits AS REAL) * 1000000) AS INTEGER),
       'Opening balance (before the credit ledger existed)', strftime('%Y-%m-%d %H:%M:%f', 'now')
FROM users WHERE CAST(credits AS REAL) <> 0;

-- users.credits is a cache of the ledger, maintained here and nowhere else. SQLite runs one writer at a time
-- and a write transaction always sees the newest data, so recomputing the exact integer sum cannot lose an update.
CREATE TRIGGER tr_credit_transactions_balance AFTER INSERT ON credit_transactions
BEGIN
    UPDATE users SET credits = (
        SELECT printf('%s%d.%06d', CASE WHEN total < 0 THEN '-' ELSE '' END, abs(total) / 1000000, abs(total) % 1000000)
        FROM (SELECT COALESCE(SUM(amount_micros), 0) AS total FROM credit_transactions WHERE user_id = NEW.user_id)
    ) WHERE id = NEW.user_id;
END;

CREATE TRIGGER tr_credit_transactions_append_only BEFORE UPDATE ON credit_transactions
BEGIN
    SELECT RAISE(ABORT, 'credit_transactions is append-only: add a correcting transaction instead');
END;

-- A build's spending limit: MAX_CREDITS_PER_BUILD, raised by each "continue"; and why it last paused.
CREATE TABLE build_budgets (
    project_id TEXT NOT NULL PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    cap_micros INTEGER NOT NULL,
    continues INTEGER NOT NULL DEFAULT 0,
    paused_for TEXT NULL CHECK (paused_for IN ('build_cap', 'balance')),
    updated_at TEXT NOT NULL
);

-- Recent per-role averages (estimates) read the newest successful calls of a role.
CREATE INDEX ix_llm_calls_role_outcome_created ON llm_calls(role, outcome, created_at);
