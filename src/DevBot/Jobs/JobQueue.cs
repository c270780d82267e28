using DevBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Jobs;

/// <summary>
/// The durable queue over the jobs table. Claims are leases: a worker must renew its lease by heartbeat,
/// and a job whose lease ran out (its worker died) is claimable again.
/// </summary>
public sealed class JobQueue(DevBotDbContext db, JobSignal signal, TimeProvider time, IOptions<JobsOptions> options)
{
    public const string NotifyChannel = "devbot_jobs";

    // Fairness: a user with work already running, or with more queued before this job, waits behind
    // other users' first jobs; the oldest job wins between equals. Expired leases are claimable too.
    private const string CandidateSql = """
        SELECT j.id FROM jobs j
        WHERE (j.status = 'queued' AND j.run_after <= {1})
           OR (j.status = 'running' AND j.lease_expires_at < {1})
        ORDER BY
          (SELECT COUNT(*) FROM jobs r WHERE r.user_id = j.user_id AND r.status = 'running' AND r.lease_expires_at >= {1}),
          (SELECT COUNT(*) FROM jobs q WHERE q.user_id = j.user_id AND q.status = 'queued' AND q.created_at < j.created_at),
          j.created_at, j.id
        LIMIT 1
        """;

    private const string ClaimSql = """
        UPDATE jobs SET status = 'running', lease_owner = {0}, lease_expires_at = {2},
               attempts = attempts + 1, updated_at = {1}
        WHERE id = ({3})
        RETURNING id AS "Value"
        """;

    /// <summary>Adds a job to the unit of work; it is visible to workers once the caller saves.</summary>
    public Job Add(Guid projectId, Guid userId, string kind)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var job = new Job { ProjectId = projectId, UserId = userId, Kind = kind, RunAfter = now, CreatedAt = now, UpdatedAt = now };
        db.Set<Job>().Add(job);
        return job;
    }

    /// <summary>Tells idle workers, here and in other processes, that work was committed.</summary>
    public async Task WakeWorkersAsync(CancellationToken cancellationToken)
    {
        signal.Pulse();
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{NotifyChannel}', '')", cancellationToken);
        }
    }

    public async Task<Job?> TryClaimAsync(string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var candidate = db.IsPostgres ? CandidateSql + "\nFOR UPDATE SKIP LOCKED" : CandidateSql;
        var sql = ClaimSql.Replace("{3}", candidate, StringComparison.Ordinal);
        var claimed = await db.Database
            .SqlQueryRaw<Guid>(sql, owner, now, now + options.Value.Lease)
            .ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return null;
        }

        return await db.Set<Job>().AsNoTracking().SingleAsync(j => j.Id == claimed[0], cancellationToken);
    }

    /// <summary>Renews the lease; false when another worker has taken the job over (this one must stop).</summary>
    public async Task<bool> HeartbeatAsync(Guid jobId, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var renewed = await db.Set<Job>()
            .Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, now + options.Value.Lease).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        return renewed == 1;
    }

    public Task<int> FinishAsync(Guid jobId, string owner, JobStatus status, string? error, CancellationToken cancellationToken)
    {
        if (status == JobStatus.Paused)
        {
            throw new ArgumentException("A paused job is parked with PauseAsync.", nameof(status));
        }

        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<Job>()
            .Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.LastError, error)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    /// <summary>
    /// Parks a claimed job until something outside the queue resumes it. The claim that ended in the pause is given
    /// back: <c>JOB_MAX_ATTEMPTS</c> counts crashes and transient failures, never waiting for credits.
    /// </summary>
    public Task<int> PauseAsync(Guid jobId, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<Job>()
            .Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Paused)
                .SetProperty(j => j.Attempts, j => j.Attempts > 0 ? j.Attempts - 1 : 0)
                .SetProperty(j => j.LastError, (string?)null)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    /// <summary>Puts a claimed job back in the queue, to run again after <paramref name="delay"/>.</summary>
    public Task<int> ReleaseAsync(Guid jobId, string owner, TimeSpan delay, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<Job>()
            .Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.RunAfter, now + delay)
                .SetProperty(j => j.LastError, error)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    /// <summary>
    /// Puts a paused job of a project back in line (credits arrived, the user said continue).
    /// The caller wakes the workers once its transaction has committed.
    /// </summary>
    public async Task<bool> ResumePausedAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var resumed = await db.Set<Job>()
            .Where(j => j.ProjectId == projectId && j.Status == JobStatus.Paused)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.RunAfter, now)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        return resumed > 0;
    }

    /// <summary>Cancels a job nobody has claimed yet; a running job stops at its next step boundary instead.</summary>
    public Task<int> CancelQueuedAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<Job>()
            .Where(j => j.ProjectId == projectId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Paused))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Cancelled)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
    }

    /// <summary>
    /// 1-based place in line of each queued job, in the order workers will claim them (same rule as the claim).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, int>> QueuePositionsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var queued = await db.Set<Job>().AsNoTracking()
            .Where(j => j.Status == JobStatus.Queued)
            .Select(j => new { j.Id, j.UserId, j.CreatedAt })
            .ToListAsync(cancellationToken);
        var running = await db.Set<Job>().AsNoTracking()
            .Where(j => j.Status == JobStatus.Running && j.LeaseExpiresAt >= now)
            .GroupBy(j => j.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.UserId, x => x.Count, cancellationToken);

        var ordered = queued
            .GroupBy(j => j.UserId)
            .SelectMany(g => g.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Select((j, rank) => new
            {
                j.Id,
                j.CreatedAt,
                Running = running.GetValueOrDefault(j.UserId),
                Rank = rank,
            }))
            .OrderBy(j => j.Running).ThenBy(j => j.Rank).ThenBy(j => j.CreatedAt).ThenBy(j => j.Id)
            .Select((j, index) => (j.Id, Position: index + 1));
        return ordered.ToDictionary(x => x.Id, x => x.Position);
    }

    public async Task<int> CountAsync(JobStatus status, CancellationToken cancellationToken) =>
        await db.Set<Job>().CountAsync(j => j.Status == status, cancellationToken);
}
