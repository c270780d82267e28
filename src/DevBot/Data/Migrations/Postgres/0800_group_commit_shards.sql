-- Submissions are committed together (Data/GroupCommit): the submissions waiting while one transaction runs share
-- the next. Each new job adds one to a counter row of queue_counts (0510), in a shard picked at random, and an
-- update holds that row until its transaction ends. A transaction holding many submissions would hold many such
-- rows and wait for others held by a claim or another batch, which may be waiting for one of its own: a deadlock.
-- So a batch counts its jobs in a shard of its own lane (64 + lane, set with set_config for its transaction only),
-- which nothing else writes to; everything else keeps the random shards 0..63. A later decrement of such a job
-- (claim, cancel) goes to a random shard, as before: the counts are sums over shards, so a shard may go negative.
CREATE OR REPLACE FUNCTION jobs_queue_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    slot smallint := COALESCE(NULLIF(current_setting('devbot.queue_shard', true), '')::smallint, floor(random() * 64)::smallint);
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
