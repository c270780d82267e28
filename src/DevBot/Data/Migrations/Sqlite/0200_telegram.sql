-- Telegram accounts linked to DevBot users: one Telegram user ↔ one DevBot user.
CREATE TABLE telegram_accounts (
    telegram_user_id INTEGER NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    username TEXT NULL,
    display_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One-time codes an API user creates to link a Telegram account (/link CODE); only the hash is stored.
CREATE TABLE telegram_link_codes (
    code_hash TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT NULL,
    used_by_telegram_user_id INTEGER NULL
);
CREATE INDEX ix_telegram_link_codes_user ON telegram_link_codes(user_id);

-- Named positions that must survive restarts: the getUpdates offset, the project_events cursor.
CREATE TABLE telegram_state (
    key TEXT NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- Updates already handled (webhook retries, re-polled updates after a crash have no second effect).
CREATE TABLE telegram_processed_updates (
    update_id INTEGER NOT NULL PRIMARY KEY,
    processed_at TEXT NOT NULL
);
CREATE INDEX ix_telegram_processed_updates_at ON telegram_processed_updates(processed_at);

-- Where a chat's conversation stands (a description waiting for its stack choice).
CREATE TABLE telegram_chat_dialogues (
    chat_id INTEGER NOT NULL PRIMARY KEY,
    state TEXT NOT NULL,
    draft_id TEXT NULL,
    draft_description TEXT NULL,
    updated_at TEXT NOT NULL
);

-- Builds started from Telegram: which chat hears about them, and the one progress message edited in place.
CREATE TABLE telegram_project_chats (
    project_id TEXT NOT NULL PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    progress_message_id INTEGER NULL,
    last_event_type TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_telegram_project_chats_chat ON telegram_project_chats(chat_id, created_at);

-- Outgoing messages, written in the same transaction as what caused them and sent by one rate-limited sender.
CREATE TABLE telegram_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    project_id TEXT NULL REFERENCES projects(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    last_error TEXT NULL,
    sent_message_id INTEGER NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT NULL
);
CREATE INDEX ix_telegram_outbox_status_chat ON telegram_outbox(status, chat_id, id);

-- Which process runs the bot's singleton loops (poller, event relay, sender) when several share a database.
CREATE TABLE telegram_leases (
    name TEXT NOT NULL PRIMARY KEY,
    owner TEXT NULL,
    expires_at TEXT NOT NULL
);

-- Build events from before the bot existed are history, not news: the relay starts after them.
INSERT INTO telegram_state (key, value, updated_at)
SELECT 'events_cursor', COALESCE(MAX(id), 0), strftime('%Y-%m-%d %H:%M:%f', 'now') FROM project_events;
