using DevBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Jobs;

/// <summary>
/// The durable queue over the jobs table. Claims are leases: a worker must renew its lease by heartbeat,
/// and a job whose lease ran out (its worker died) is claimable again. The claim order is fair (see
/// <see cref="QueueOrderSql"/>); every change of a user's queued or running jobs renumbers that user's queued jobs
/// in the same transaction, so the stored order is always the fair one and no read has to scan the queue.
/// </summary>
public sealed class JobQueue(DevBotDbContext db, JobSignal signal, JobWakeups wakeups, TimeProvider time, IOptions<JobsOptions> options)
{
    public const string NotifyChannel = "devbot_jobs";

    /// <summary>
    /// A new queued job, for the caller to insert. <paramref name="standing"/> is the user's standing read under
    /// <see cref="LockUserAsync"/> in the same transaction: the new job goes behind the user's queued jobs, at the
    /// level of their running ones.
    /// </summary>
    public Job Create(Guid projectId, Guid userId, string kind, QueueStanding standing)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new Job
        {
            ProjectId = projectId,
            UserId = userId,
            Kind = kind,
            QueueLevel = standing.Running,
            QueueRank = standing.Queued,
            RunAfter = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Holds off other changes to this user's queue until the transaction ends (a change request). With
    /// <paramref name="wait"/> false it only tries, and answers false when another transaction holds the user.
    /// </summary>
    public Task<bool> LockUserAsync(DirectConnection connection, Guid userId, bool wait, CancellationToken cancellationToken) =>
        QueueLocks.LockUserAsync(connection, userId, wait, cancellationToken);

    /// <summary>The user's queued jobs and running jobs (live leases), in one query.</summary>
    public async Task<QueueStanding> StandingAsync(DirectConnection connection, Guid userId, CancellationToken cancellationToken)
    {
        await using var command = BindStanding(RawSql.Command(connection, QueueOrderSql.Standing), userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadStanding(reader);
    }

    /// <summary>
    /// A submission's first step, in one round trip: lock the user's queue (waited for, or with
    /// <paramref name="wait"/> false only tried) and read their standing. Null when the lock was only tried and
    /// another transaction holds it. A submission in a group commit's lane (<paramref name="lane"/>) counts its job
    /// in that lane's own shard of the queue counters (migration 0800), so its batch never waits for a counter row.
    /// </summary>
    public async Task<QueueStanding?> LockAndReadStandingAsync(DirectConnection connection, Guid userId, bool wait, int? lane, CancellationToken cancellationToken)
    {
        if (!connection.IsPostgres)
        {
            return await StandingAsync(connection, userId, cancellationToken); // SQLite's single writer is the lock
        }

        await using var command = BindStanding(RawSql.Command(connection, LockAndStandingSql[(wait ? 1 : 0) + (lane is null ? 0 : 2)]).BindUserLock(userId), userId);
        if (lane is { } number)
        {
            command.Bind("@shard", QueueLocks.LaneShard(number).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (lane is not null)
        {
            await reader.NextResultAsync(cancellationToken);
        }

        await reader.ReadAsync(cancellationToken);
        var locked = wait || reader.GetBoolean(0);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return locked ? ReadStanding(reader) : null;
    }

    // The four texts of LockAndReadStandingAsync (try or wait; with or without a lane's shard), made once: the hot
    // path looks its prepared command up by text.
    private static readonly string[] LockAndStandingSql =
    [
        .. from sharded in new[] { false, true }
           from wait in new[] { false, true }
           select (sharded ? "SELECT set_config('devbot.queue_shard', @shard, true);\n" : string.Empty)
               + QueueLocks.UserLockStatement(wait) + ";\n" + QueueOrderSql.Standing,
    ];

    private RawCommand BindStanding(RawCommand command, Guid userId) => command
        .Bind<Job>("@user", j => j.UserId, userId)
        .Bind<Job>("@now", j => j.LeaseExpiresAt, time.GetUtcNow().UtcDateTime);

    private static QueueStanding ReadStanding(System.Data.Common.DbDataReader reader) => new(
        Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
        Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Inserts a new job with the rows that go with it (its project before it, its event and audit entry after it) and
    /// answers its 1-based place in line, in one round trip: the job is the newest of its bucket, so every queued job in
    /// its bucket and in the buckets before it is ahead of it (the counters already include it).
    /// </summary>
    public async Task<int> InsertAsync(DirectConnection connection, IReadOnlyList<object> rows, Job job, CancellationToken cancellationToken)
    {
        var position = await RawSql.InsertThenScalarAsync(connection, rows, QueueOrderSql.QueuedUpTo,
            command => command.Bind("@level", job.QueueLevel).Bind("@rank", job.QueueRank), cancellationToken);
        return Convert.ToInt32(position, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>1-based place in line of the project's waiting job (the claim order), or null when nothing waits.</summary>
    public async Task<int?> PositionAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var job = await db.Set<Job>().AsNoTracking()
            .Where(j => j.ProjectId == projectId && j.Status == JobStatus.Queued)
            .Select(j => new { j.Id, j.QueueLevel, j.QueueRank, j.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            return null;
        }

        var before = await ScalarAsync(QueueOrderSql.QueuedBefore, [job.QueueLevel, job.QueueRank], cancellationToken);
        var sameBucket = await db.Set<Job>().CountAsync(j => j.Status == JobStatus.Queued && j.QueueLevel == job.QueueLevel && j.QueueRank == job.QueueRank
            && (j.CreatedAt < job.CreatedAt || (j.CreatedAt == job.CreatedAt && j.Id.CompareTo(job.Id) < 0)), cancellationToken);
        return (int)before + sameBucket + 1;
    }

    /// <summary>
    /// Tells idle workers, here and in other processes, that work was committed. The cross-process wake-up is
    /// coalesced (<see cref="JobWakeups"/>): one NOTIFY serves every submission made while the previous one was sent.
    /// </summary>
    public Task WakeWorkersAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        signal.Pulse();
        wakeups.Request();
        return Task.CompletedTask;
    }

    public async Task<Job?> TryClaimAsync(string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!await db.Set<Job>().AnyAsync(j => j.Status == JobStatus.Queued && j.RunAfter <= now, cancellationToken)
            && !await db.Set<Job>().AnyAsync(j => j.Status == JobStatus.Running && j.LeaseExpiresAt < now, cancellationToken))
        {
            return null;
        }

        await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db, cancellationToken);
        await QueueLocks.LockQueueAsync(db, cancellationToken);

        // A user whose running job's lease ran out has one build fewer running than their queued jobs say.
        var stale = await db.Set<Job>().Where(j => j.Status == JobStatus.Running && j.LeaseExpiresAt < now)
            .Select(j => j.UserId).Distinct().ToListAsync(cancellationToken);
        foreach (var userId in stale)
        {
            await QueueLocks.LockUserAsync(db, userId, cancellationToken);
            await RenumberAsync(userId, now, cancellationToken);
        }

        var candidate = await db.Database.SqlQueryRaw<Guid>(QueueOrderSql.NextCandidate(db.IsPostgres), now).ToListAsync(cancellationToken);
        Job? claimed = null;
        if (candidate.Count == 1)
        {
            var jobId = candidate[0];
            var owning = await db.Set<Job>().Where(j => j.Id == jobId).Select(j => j.UserId).SingleAsync(cancellationToken);
            await QueueLocks.LockUserAsync(db, owning, cancellationToken);
            var updated = await db.Set<Job>()
                .Where(j => j.Id == jobId
                    && ((j.Status == JobStatus.Queued && j.RunAfter <= now) || (j.Status == JobStatus.Running && j.LeaseExpiresAt < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.LeaseOwner, owner)
                    .SetProperty(j => j.LeaseExpiresAt, now + options.Value.Lease)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.UpdatedAt, now), cancellationToken);
            if (updated == 1)
            {
                await RenumberAsync(owning, now, cancellationToken);
                claimed = await db.Set<Job>().AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Renews the lease; false when another worker has taken the job over (this one must stop).</summary>
    public async Task<bool> HeartbeatAsync(Guid jobId, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lease = now + options.Value.Lease;
        var renewed = await db.Set<Job>()
            .Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running && j.LeaseExpiresAt >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, lease).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        if (renewed == 1)
        {
            return true;
        }

        // The lease had run out but nobody took the job over: it counts as running again, so its user is renumbered.
        return await ChangeAsync(
            db.Set<Job>().Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running),
            jobs => jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, lease).SetProperty(j => j.UpdatedAt, now), cancellationToken),
            cancellationToken) == 1;
    }

    public Task<int> FinishAsync(Guid jobId, string owner, JobStatus status, string? error, CancellationToken cancellationToken)
    {
        if (status == JobStatus.Paused)
        {
            throw new ArgumentException("A paused job is parked with PauseAsync.", nameof(status));
        }

        var now = time.GetUtcNow().UtcDateTime;
        return ChangeAsync(
            db.Set<Job>().Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running),
            jobs => jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, status)
                .SetProperty(j => j.LastError, error)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Parks a claimed job until something outside the queue resumes it. The claim that ended in the pause is given
    /// back: <c>JOB_MAX_ATTEMPTS</c> counts crashes and transient failures, never waiting for credits.
    /// </summary>
    public Task<int> PauseAsync(Guid jobId, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return ChangeAsync(
            db.Set<Job>().Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running),
            jobs => jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Paused)
                .SetProperty(j => j.Attempts, j => j.Attempts > 0 ? j.Attempts - 1 : 0)
                .SetProperty(j => j.LastError, (string?)null)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken),
            cancellationToken);
    }

    /// <summary>Puts a claimed job back in the queue, to run again after <paramref name="delay"/>.</summary>
    public Task<int> ReleaseAsync(Guid jobId, string owner, TimeSpan delay, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return ChangeAsync(
            db.Set<Job>().Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == JobStatus.Running),
            jobs => jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.RunAfter, now + delay)
                .SetProperty(j => j.LastError, error)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Puts a paused job of a project back in line (credits arrived, the user said continue).
    /// The caller wakes the workers once its transaction has committed.
    /// </summary>
    public async Task<bool> ResumePausedAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var resumed = await ChangeAsync(
            db.Set<Job>().Where(j => j.ProjectId == projectId && j.Status == JobStatus.Paused),
            jobs => jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.RunAfter, now)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken),
            cancellationToken);
        return resumed > 0;
    }

    /// <summary>Cancels a job nobody has claimed yet; a running job stops at its next step boundary instead.</summary>
    public Task<int> CancelQueuedAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return ChangeAsync(
            db.Set<Job>().Where(j => j.ProjectId == projectId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Paused)),
            jobs => jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Cancelled)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken),
            cancellationToken);
    }

    /// <summary>Jobs with the status; the queued ones are summed from the counters, not counted.</summary>
    /// <summary>How many jobs there are in each status (statuses without jobs left out).</summary>
    public async Task<IReadOnlyDictionary<JobStatus, int>> CountsByStatusAsync(CancellationToken cancellationToken) =>
        await db.Set<Job>().AsNoTracking().GroupBy(j => j.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>Whether a worker holds a job of this project right now.</summary>
    public Task<bool> IsRunningAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<Job>().AnyAsync(j => j.ProjectId == projectId && j.Status == JobStatus.Running, cancellationToken);

    public async Task<int> CountAsync(JobStatus status, CancellationToken cancellationToken) =>
        status == JobStatus.Queued
            ? (int)await ScalarAsync(QueueOrderSql.QueuedTotal, [], cancellationToken)
            : await db.Set<Job>().CountAsync(j => j.Status == status, cancellationToken);

    /// <summary>
    /// Applies a change to some jobs and renumbers their users, in one transaction under the queue lock and the
    /// users' locks (see <see cref="QueueLocks"/>).
    /// </summary>
    private async Task<int> ChangeAsync(IQueryable<Job> jobs, Func<IQueryable<Job>, Task<int>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db, cancellationToken);
        await QueueLocks.LockQueueAsync(db, cancellationToken);
        var users = await jobs.Select(j => j.UserId).Distinct().ToListAsync(cancellationToken);
        foreach (var userId in users)
        {
            await QueueLocks.LockUserAsync(db, userId, cancellationToken);
        }

        var changed = await change(jobs);
        if (changed > 0)
        {
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var userId in users)
            {
                await RenumberAsync(userId, now, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private Task<int> RenumberAsync(Guid userId, DateTime now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(QueueOrderSql.Renumber, [userId, now], cancellationToken);

    private async Task<long> ScalarAsync(string sql, object[] parameters, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<long>(sql, parameters).ToListAsync(cancellationToken))[0];
}
