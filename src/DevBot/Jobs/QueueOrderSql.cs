namespace DevBot.Jobs;

/// <summary>
/// The claim order as SQL. Fairness: a user with builds running, or with more builds waiting ahead, waits behind
/// other users' first builds; the oldest wins between equals. A queued job stores its two fairness keys
/// (queue_level = the user's running builds, queue_rank = the user's queued builds ahead of it), kept exact by
/// <see cref="Renumber"/> whenever the user's queue changes, so the next job is one index seek and a position is
/// a sum over queue_counts. A running job whose lease ran out competes with keys computed on the spot (they are few).
/// </summary>
internal static class QueueOrderSql
{
    /// <summary>Recomputes both keys of one user's queued jobs ({0} = user id, {1} = now). Touches only that user's rows.</summary>
    public const string Renumber = """
        UPDATE jobs SET
            queue_level = (SELECT COUNT(*) FROM jobs r WHERE r.user_id = {0} AND r.status = 'running' AND r.lease_expires_at >= {1}),
            queue_rank = (SELECT COUNT(*) FROM jobs q WHERE q.user_id = {0} AND q.status = 'queued'
                          AND (q.created_at < jobs.created_at OR (q.created_at = jobs.created_at AND q.id < jobs.id)))
        WHERE user_id = {0} AND status = 'queued'
        """;

    /// <summary>The next job to claim ({0} = now): the first queued job in index order, or a job whose lease expired.</summary>
    public static string NextCandidate(bool postgres) => $$"""
        SELECT id AS "Value" FROM (
            SELECT * FROM (
                SELECT id, queue_level AS lvl, queue_rank AS rnk, created_at FROM jobs {{(postgres ? string.Empty : "INDEXED BY ix_jobs_queue_order")}}
                WHERE status = 'queued' AND run_after <= {0}
                ORDER BY queue_level, queue_rank, created_at, id
                LIMIT 1) AS waiting
            UNION ALL
            SELECT j.id,
                (SELECT COUNT(*) FROM jobs r WHERE r.user_id = j.user_id AND r.status = 'running' AND r.lease_expires_at >= {0}),
                (SELECT COUNT(*) FROM jobs q WHERE q.user_id = j.user_id AND q.status = 'queued'
                    AND (q.created_at < j.created_at OR (q.created_at = j.created_at AND q.id < j.id))),
                j.created_at
            FROM jobs j WHERE j.status = 'running' AND j.lease_expires_at < {0}
        ) AS candidates
        ORDER BY lvl, rnk, created_at, id
        LIMIT 1
        """;

    /// <summary>Queued jobs in buckets up to and including (@level, @rank): a new job's position, itself included.</summary>
    public const string QueuedUpTo = """
        SELECT COALESCE(SUM(jobs), 0) FROM queue_counts
        WHERE queue_level < @level OR (queue_level = @level AND queue_rank <= @rank)
        """;

    /// <summary>A user's queued jobs and running jobs under a live lease (@user, @now): index lookups on the user's rows.</summary>
    public const string Standing = """
        SELECT COUNT(CASE WHEN status = 'queued' THEN 1 END), COUNT(CASE WHEN status = 'running' AND lease_expires_at >= @now THEN 1 END)
        FROM jobs WHERE user_id = @user AND status IN ('queued', 'running')
        """;

    /// <summary>Queued jobs in buckets strictly before ({0}, {1}).</summary>
    public const string QueuedBefore = """
        SELECT COALESCE(SUM(jobs), 0) AS "Value" FROM queue_counts
        WHERE queue_level < {0} OR (queue_level = {0} AND queue_rank < {1})
        """;

    public const string QueuedTotal = """SELECT COALESCE(SUM(jobs), 0) AS "Value" FROM queue_counts""";
}
