-- Verification (issue 9): every sandboxed check of a build, the architect's test command, the fix rounds done, and a
-- per-version analysis record (the seeds' CodeAnalysis).
ALTER TABLE projects ADD COLUMN test_command TEXT NULL;
ALTER TABLE projects ADD COLUMN fix_rounds INTEGER NOT NULL DEFAULT 0;

CREATE TABLE project_test_runs (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version INTEGER NOT NULL DEFAULT 1,
    "index" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    task_index INTEGER NULL,
    round INTEGER NOT NULL DEFAULT 0,
    command TEXT NULL,
    outcome TEXT NOT NULL,
    exit_code INTEGER NULL,
    passed INTEGER NULL,
    failed INTEGER NULL,
    findings INTEGER NOT NULL DEFAULT 0,
    placeholders INTEGER NOT NULL DEFAULT 0,
    timed_out INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    output TEXT NOT NULL DEFAULT '',
    reason TEXT NULL,
    failed_tests TEXT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (project_id, "index")
);

CREATE TABLE project_analyses (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    files INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    static_findings INTEGER NOT NULL,
    placeholder_findings INTEGER NOT NULL,
    tests_run INTEGER NOT NULL,
    tests_passed INTEGER NOT NULL,
    tests_failed INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (project_id, version)
);
