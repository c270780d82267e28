-- A chat remembers the project it is working on (issue 11: iterate on a project from Telegram): /change and the
-- "Change…" prompt act on it, and it is forgotten CHAT_MEMORY_DAYS after it was last set or used.
ALTER TABLE telegram_chat_dialogues ADD COLUMN current_project_id TEXT NULL REFERENCES projects(id) ON DELETE SET NULL;
ALTER TABLE telegram_chat_dialogues ADD COLUMN current_project_at TEXT NULL;

-- A reply to one of the bot's messages finds the project that message was about.
CREATE INDEX ix_telegram_outbox_chat_sent_message ON telegram_outbox(chat_id, sent_message_id);
