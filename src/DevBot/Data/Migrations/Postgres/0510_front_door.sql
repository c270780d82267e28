-- The front door: queue positions without reading the queue, and the audit log's subject.
--
-- A queued job's place in line is (queue_level, queue_rank, created_at, id): queue_level is how many builds
-- its user has running, queue_rank how many of the user's queued builds are ahead of it. Both are kept on the
-- job row (JobQueue renumbers a user's few queued jobs whenever that user's queue changes), so the claim is an
-- index seek, and queue_counts (kept by the trigger below) counts the queued jobs of each (level, rank):
-- a position is a sum over a handful of counter rows plus, for a status read, a count inside one bucket.

ALTER TABLE jobs ADD COLUMN queue_level integer NOT NULL DEFAULT 0,
                 ADD COLUMN queue_rank integer NOT NULL DEFAULT 0;

UPDATE jobs SET
    queue_level = (SELECT COUNT(*) FROM jobs r WHERE r.user_id = jobs.user_id AND r.status = 'running'),
    queue_rank = (SELECT COUNT(*) FROM jobs q WHERE q.user_id = jobs.user_id AND q.status = 'queued'
                  AND (q.created_at < jobs.created_at OR (q.created_at = jobs.created_at AND q.id < jobs.id)))
WHERE status = 'queued';

CREATE INDEX ix_jobs_queue_order ON jobs(status, queue_level, queue_rank, created_at, id);

-- Each bucket's count is spread over 64 shards (picked at random per change; only the sum means anything), so
-- concurrent submissions do not queue up behind one counter row's lock.
CREATE TABLE queue_counts (
    queue_level integer NOT NULL,
    queue_rank integer NOT NULL,
    shard smallint NOT NULL,
    jobs integer NOT NULL,
    PRIMARY KEY (queue_level, queue_rank, shard)
);

INSERT INTO queue_counts (queue_level, queue_rank, shard, jobs)
SELECT queue_level, queue_rank, 0, COUNT(*) FROM jobs WHERE status = 'queued' GROUP BY queue_level, queue_rank;

CREATE FUNCTION jobs_queue_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    slot smallint := floor(random() * 64)::smallint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'queued' THEN
        INSERT INTO queue_counts (queue_level, queue_rank, shard, jobs) VALUES (OLD.queue_level, OLD.queue_rank, slot, -1)
        ON CONFLICT (queue_level, queue_rank, shard) DO UPDATE SET jobs = queue_counts.jobs - 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'queued' THEN
        INSERT INTO queue_counts (queue_level, queue_rank, shard, jobs) VALUES (NEW.queue_level, NEW.queue_rank, slot, 1)
        ON CONFLICT (queue_level, queue_rank, shard) DO UPDATE SET jobs = queue_counts.jobs + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_jobs_queue_counts_insert AFTER INSERT ON jobs
    FOR EACH ROW WHEN (NEW.status = 'queued') EXECUTE FUNCTION jobs_queue_counts();
CREATE TRIGGER tr_jobs_queue_counts_update AFTER UPDATE OF status, queue_level, queue_rank ON jobs
    FOR EACH ROW WHEN ((OLD.status = 'queued' OR NEW.status = 'queued')
        AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.queue_level <> NEW.queue_level OR OLD.queue_rank <> NEW.queue_rank))
    EXECUTE FUNCTION jobs_queue_counts();
CREATE TRIGGER tr_jobs_queue_counts_delete AFTER DELETE ON jobs
    FOR EACH ROW WHEN (OLD.status = 'queued') EXECUTE FUNCTION jobs_queue_counts();

-- The audit log says whom an action concerned (the key's owner, the credited user, the project's owner) as
-- well as who acted, and is read newest first by user, subject or action.
ALTER TABLE audit_log ADD COLUMN subject_user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX ix_audit_log_user_created ON audit_log(user_id, created_at);
CREATE INDEX ix_audit_log_subject_created ON audit_log(subject_user_id, created_at);
CREATE INDEX ix_audit_log_action_created ON audit_log(action, created_at);
