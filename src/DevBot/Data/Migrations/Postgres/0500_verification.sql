-- Verification (issue 9): every sandboxed check of a build, the architect's test command, the fix rounds done, and a
-- per-version analysis record (the seeds' CodeAnalysis).
ALTER TABLE projects ADD COLUMN test_command text NULL;
ALTER TABLE projects ADD COLUMN fix_rounds integer NOT NULL DEFAULT 0;

CREATE TABLE project_test_runs (
    id uuid NOT NULL PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version integer NOT NULL DEFAULT 1,
    "index" integer NOT NULL,
    kind text NOT NULL,
    task_index integer NULL,
    round integer NOT NULL DEFAULT 0,
    command text NULL,
    outcome text NOT NULL,
    exit_code integer NULL,
    passed integer NULL,
    failed integer NULL,
    findings integer NOT NULL DEFAULT 0,
    placeholders integer NOT NULL DEFAULT 0,
    timed_out boolean NOT NULL DEFAULT false,
    duration_ms bigint NOT NULL DEFAULT 0,
    output text NOT NULL DEFAULT '',
    reason text NULL,
    failed_tests text NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (project_id, "index")
);

CREATE TABLE project_analyses (
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version integer NOT NULL,
    files integer NOT NULL,
    lines integer NOT NULL,
    static_findings integer NOT NULL,
    placeholder_findings integer NOT NULL,
    tests_run integer NOT NULL,
    tests_passed integer NOT NULL,
    tests_failed integer NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, version)
);
