-- Code retrieval index (src/DevBot/Retrieval). Keep equivalent to Postgres/0300_retrieval.sql.
CREATE TABLE retrieval_projects (
    project_id TEXT NOT NULL PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    generation INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE retrieval_files (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    generation INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    indexed_at TEXT NOT NULL,
    PRIMARY KEY (project_id, path)
);

CREATE TABLE retrieval_chunks (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL,
    path TEXT NOT NULL,
    start_line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NULL,
    content TEXT NOT NULL,
    embedding_hash TEXT NOT NULL,
    definitions TEXT NOT NULL,
    referenced_names TEXT NOT NULL,
    terms TEXT NOT NULL,
    term_count INTEGER NOT NULL,
    token_count INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    FOREIGN KEY (project_id, path) REFERENCES retrieval_files(project_id, path) ON DELETE CASCADE
);
CREATE INDEX ix_retrieval_chunks_project_path ON retrieval_chunks(project_id, path);
CREATE INDEX ix_retrieval_chunks_project_generation ON retrieval_chunks(project_id, generation);

-- Content-addressed cache shared by all projects: an unchanged chunk is never embedded twice.
-- embedding: little-endian float32 values.
CREATE TABLE retrieval_embeddings (
    model TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    embedding BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (model, content_hash)
);
