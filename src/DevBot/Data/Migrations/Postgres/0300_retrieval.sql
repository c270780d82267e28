-- Code retrieval index (src/DevBot/Retrieval). Keep equivalent to Sqlite/0300_retrieval.sql.
CREATE TABLE retrieval_projects (
    project_id uuid NOT NULL PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    generation bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL
);

CREATE TABLE retrieval_files (
    project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    path text NOT NULL,
    content_hash text NOT NULL,
    language text NOT NULL,
    generation bigint NOT NULL,
    chunk_count integer NOT NULL,
    indexed_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, path)
);

CREATE TABLE retrieval_chunks (
    id uuid NOT NULL PRIMARY KEY,
    project_id uuid NOT NULL,
    path text NOT NULL,
    start_line integer NOT NULL,
    end_line integer NOT NULL,
    kind text NOT NULL,
    name text NULL,
    content text NOT NULL,
    embedding_hash text NOT NULL,
    definitions text NOT NULL,
    referenced_names text NOT NULL,
    terms text NOT NULL,
    term_count integer NOT NULL,
    token_count integer NOT NULL,
    generation bigint NOT NULL,
    FOREIGN KEY (project_id, path) REFERENCES retrieval_files(project_id, path) ON DELETE CASCADE
);
CREATE INDEX ix_retrieval_chunks_project_path ON retrieval_chunks(project_id, path);
CREATE INDEX ix_retrieval_chunks_project_generation ON retrieval_chunks(project_id, generation);

-- Content-addressed cache shared by all projects: an unchanged chunk is never embedded twice.
-- With pgvector the column is an untyped `vector` (dimensions differ by model; every query filters on model and
-- dimensions, and compares with the cosine operator <=>). Without pgvector (not installed, or no right to create
-- the extension) it is real[] and the application computes the cosine itself, as on SQLite.
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pgvector is not available (%): embeddings are stored as real[]', SQLERRM;
    END;

    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
        CREATE TABLE retrieval_embeddings (
            model text NOT NULL,
            content_hash text NOT NULL,
            dimensions integer NOT NULL,
            embedding vector NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (model, content_hash)
        );
    ELSE
        CREATE TABLE retrieval_embeddings (
            model text NOT NULL,
            content_hash text NOT NULL,
            dimensions integer NOT NULL,
            embedding real[] NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (model, content_hash)
        );
    END IF;

    -- Keep vectors in the row (compressed if it helps) rather than in TOAST: a 768-d vector is 3 KB, above the
    -- 2 KB TOAST threshold, and fetching it out of line made a per-project scan about three times slower.
    ALTER TABLE retrieval_embeddings ALTER COLUMN embedding SET STORAGE MAIN;
END
$$;
