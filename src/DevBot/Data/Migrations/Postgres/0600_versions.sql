-- Versions (issue 11): every delivery is a version (build, change, restore, import). File contents are kept once per
-- project, content-addressed (project_blobs); each commit records only the paths it changed (project_commit_changes),
-- so a version's files, a diff, a restore and the git history in the ZIP are folds over commits, never copies.

-- The delivered version (0 before the first delivery) and the version the project's current job builds.
ALTER TABLE projects ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN target_version integer NOT NULL DEFAULT 1;
UPDATE projects SET version = 1 WHERE status = 'completed';

-- Tasks belong to a version: the task numbers restart at 1 for each one.
ALTER TABLE project_tasks ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE project_tasks DROP CONSTRAINT project_tasks_project_id_index_key;
ALTER TABLE project_tasks ADD CONSTRAINT project_tasks_project_id_version_index_key UNIQUE (project_id, version, "index");

CREATE TABLE project_versions (
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('build', 'change', 'restore', 'import')),
    status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    instruction text NULL,
    paths text NULL,
    base_version integer NULL,
    restored_from integer NULL,
    summary text NULL,
    update_readme boolean NOT NULL DEFAULT false,
    files_changed integer NOT NULL DEFAULT 0,
    lines_added integer NOT NULL DEFAULT 0,
    lines_removed integer NOT NULL DEFAULT 0,
    archive_key text NULL,
    archive_size bigint NULL,
    job_id uuid NULL,
    error text NULL,
    created_at timestamptz NOT NULL,
    completed_at timestamptz NULL,
    PRIMARY KEY (project_id, version)
);
INSERT INTO project_versions (project_id, version, kind, status, instruction, files_changed, archive_key, archive_size, created_at, completed_at)
SELECT p.id, 1, 'build',
       CASE p.status WHEN 'completed' THEN 'completed' WHEN 'failed' THEN 'failed' WHEN 'cancelled' THEN 'cancelled'
                     WHEN 'queued' THEN 'queued' ELSE 'running' END,
       p.description, (SELECT COUNT(*) FROM project_files f WHERE f.project_id = p.id), p.archive_key, p.archive_size, p.created_at, p.completed_at
FROM projects p;

CREATE TABLE project_blobs (
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    sha256 text NOT NULL,
    size bigint NOT NULL,
    is_binary boolean NOT NULL DEFAULT false,
    content bytea NOT NULL,
    PRIMARY KEY (project_id, sha256)
);

CREATE TABLE project_commits (
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    seq integer NOT NULL,
    version integer NOT NULL,
    kind text NOT NULL,
    message text NOT NULL,
    body text NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, seq)
);

-- What one commit changed: the path's new content, or NULL when the path was removed.
CREATE TABLE project_commit_changes (
    project_id uuid NOT NULL,
    seq integer NOT NULL,
    path text NOT NULL,
    sha256 text NULL,
    PRIMARY KEY (project_id, seq, path),
    FOREIGN KEY (project_id, seq) REFERENCES project_commits(project_id, seq) ON DELETE CASCADE
);

-- Projects built before this migration: their files as one first commit of version 1.
INSERT INTO project_blobs (project_id, sha256, size, is_binary, content)
SELECT DISTINCT project_id, sha256, size, false, convert_to(content, 'UTF8') FROM project_files;
INSERT INTO project_commits (project_id, seq, version, kind, message, body, created_at)
SELECT p.id, 1, 1, 'baseline', 'Files built before DevBot kept a history', NULL, p.updated_at
FROM projects p WHERE EXISTS (SELECT 1 FROM project_files f WHERE f.project_id = p.id);
INSERT INTO project_commit_changes (project_id, seq, path, sha256)
SELECT project_id, 1, path, sha256 FROM project_files;

-- A change's budget: each version may spend MAX_CREDITS_PER_BUILD of its own, counted from what was spent before it.
ALTER TABLE build_budgets ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE build_budgets ADD COLUMN version_start_micros bigint NOT NULL DEFAULT 0;

