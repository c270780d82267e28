-- Versions (issue 11): every delivery is a version (build, change, restore, import). File contents are kept once per
-- project, content-addressed (project_blobs); each commit records only the paths it changed (project_commit_changes),
-- so a version's files, a diff, a restore and the git history in the ZIP are folds over commits, never copies.

-- The delivered version (0 before the first delivery) and the version the project's current job builds.
ALTER TABLE projects ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN target_version INTEGER NOT NULL DEFAULT 1;
UPDATE projects SET version = 1 WHERE status = 'completed';

-- Tasks belong to a version: the task numbers restart at 1 for each one (SQLite cannot drop an inline UNIQUE, so the
-- table is rebuilt; nothing references it).
CREATE TABLE project_tasks_by_version (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version INTEGER NOT NULL DEFAULT 1,
    "index" INTEGER NOT NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    feedback TEXT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, version, "index")
);
INSERT INTO project_tasks_by_version (id, project_id, version, "index", title, details, status, attempts, feedback, updated_at)
SELECT id, project_id, 1, "index", title, details, status, attempts, feedback, updated_at FROM project_tasks;
DROP TABLE project_tasks;
ALTER TABLE project_tasks_by_version RENAME TO project_tasks;

CREATE TABLE project_versions (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('build', 'change', 'restore', 'import')),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    instruction TEXT NULL,
    paths TEXT NULL,
    base_version INTEGER NULL,
    restored_from INTEGER NULL,
    summary TEXT NULL,
    update_readme INTEGER NOT NULL DEFAULT 0,
    files_changed INTEGER NOT NULL DEFAULT 0,
    lines_added INTEGER NOT NULL DEFAULT 0,
    lines_removed INTEGER NOT NULL DEFAULT 0,
    archive_key TEXT NULL,
    archive_size INTEGER NULL,
    job_id TEXT NULL,
    error TEXT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT NULL,
    PRIMARY KEY (project_id, version)
);
INSERT INTO project_versions (project_id, version, kind, status, instruction, files_changed, archive_key, archive_size, created_at, completed_at)
SELECT p.id, 1, 'build',
       CASE p.status WHEN 'completed' THEN 'completed' WHEN 'failed' THEN 'failed' WHEN 'cancelled' THEN 'cancelled'
                     WHEN 'queued' THEN 'queued' ELSE 'running' END,
       p.description, (SELECT COUNT(*) FROM project_files f WHERE f.project_id = p.id), p.archive_key, p.archive_size, p.created_at, p.completed_at
FROM projects p;

CREATE TABLE project_blobs (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    is_binary INTEGER NOT NULL DEFAULT 0,
    content BLOB NOT NULL,
    PRIMARY KEY (project_id, sha256)
);

CREATE TABLE project_commits (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    body TEXT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (project_id, seq)
);

-- What one commit changed: the path's new content, or NULL when the path was removed.
CREATE TABLE project_commit_changes (
    project_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NULL,
    PRIMARY KEY (project_id, seq, path),
    FOREIGN KEY (project_id, seq) REFERENCES project_commits(project_id, seq) ON DELETE CASCADE
);

-- Projects built before this migration: their files as one first commit of version 1.
INSERT INTO project_blobs (project_id, sha256, size, is_binary, content)
SELECT DISTINCT project_id, sha256, size, 0, CAST(content AS BLOB) FROM project_files;
INSERT INTO project_commits (project_id, seq, version, kind, message, body, created_at)
SELECT p.id, 1, 1, 'baseline', 'Files built before DevBot kept a history', NULL, p.updated_at
FROM projects p WHERE EXISTS (SELECT 1 FROM project_files f WHERE f.project_id = p.id);
INSERT INTO project_commit_changes (project_id, seq, path, sha256)
SELECT project_id, 1, path, sha256 FROM project_files;

-- A change's budget: each version may spend MAX_CREDITS_PER_BUILD of its own, counted from what was spent before it.
ALTER TABLE build_budgets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE build_budgets ADD COLUMN version_start_micros INTEGER NOT NULL DEFAULT 0;

