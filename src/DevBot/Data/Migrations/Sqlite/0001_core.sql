CREATE TABLE users (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0,
    credits TEXT NOT NULL DEFAULT '0',
    created_at TEXT NOT NULL
);

CREATE TABLE api_keys (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    label TEXT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT NULL,
    revoked_at TEXT NULL
);
CREATE INDEX ix_api_keys_user ON api_keys(user_id);

CREATE TABLE projects (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    title_provisional INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL,
    stack TEXT NULL,
    status TEXT NOT NULL,
    error TEXT NULL,
    plan_summary TEXT NULL,
    plan_markdown TEXT NULL,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    archive_key TEXT NULL,
    archive_size INTEGER NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT NULL
);
CREATE INDEX ix_projects_user_created ON projects(user_id, created_at);

CREATE TABLE project_tasks (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    "index" INTEGER NOT NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    feedback TEXT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, "index")
);

CREATE TABLE project_files (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    content TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, path)
);

CREATE TABLE project_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_project_events_project ON project_events(project_id, id);

CREATE TABLE jobs (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    run_after TEXT NOT NULL,
    lease_owner TEXT NULL,
    lease_expires_at TEXT NULL,
    last_error TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT NULL
);
CREATE INDEX ix_jobs_status_run_after ON jobs(status, run_after);
CREATE INDEX ix_jobs_user_status ON jobs(user_id, status, created_at);
CREATE INDEX ix_jobs_project ON jobs(project_id);

CREATE TABLE llm_calls (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NULL REFERENCES projects(id) ON DELETE SET NULL,
    user_id TEXT NULL REFERENCES users(id) ON DELETE SET NULL,
    call_key TEXT NOT NULL,
    role TEXT NOT NULL,
    model TEXT NOT NULL,
    outcome TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    tokens_estimated INTEGER NOT NULL DEFAULT 0,
    context_tokens INTEGER NOT NULL DEFAULT 0,
    latency_ms INTEGER NOT NULL DEFAULT 0,
    error TEXT NULL,
    response TEXT NULL,
    cost_usd TEXT NOT NULL DEFAULT '0',
    credits TEXT NOT NULL DEFAULT '0',
    created_at TEXT NOT NULL
);
-- One stored answer per step: a resumed build replays it instead of paying for it again.
CREATE UNIQUE INDEX ux_llm_calls_succeeded_key ON llm_calls(project_id, call_key) WHERE outcome = 'succeeded';
CREATE INDEX ix_llm_calls_user_created ON llm_calls(user_id, created_at);
