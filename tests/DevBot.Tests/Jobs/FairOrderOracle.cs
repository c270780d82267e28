using DevBot.Jobs;

namespace DevBot.Tests.Jobs;

/// <summary>
/// The claim order's fairness rule computed the slow, obvious way from every job, to check the stored order against:
/// a user with builds running (live leases), or with more builds waiting ahead, waits behind other users' first
/// builds; the oldest wins between equals. Ids break ties as both databases compare them (as hex text).
/// </summary>
internal static class FairOrderOracle
{
    public sealed record Key(int Level, int Rank, DateTime CreatedAt, Guid Id) : IComparable<Key>
    {
        public int CompareTo(Key? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var byLevel = Level.CompareTo(other.Level);
            var byRank = byLevel != 0 ? byLevel : Rank.CompareTo(other.Rank);
            var byTime = byRank != 0 ? byRank : CreatedAt.CompareTo(other.CreatedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(Id.ToString(), other.Id.ToString());
        }
    }

    /// <summary>Each queued job's fairness key at <paramref name="now"/>.</summary>
    public static Dictionary<Guid, Key> QueuedKeys(IReadOnlyList<Job> jobs, DateTime now) =>
        jobs.Where(j => j.Status == JobStatus.Queued).ToDictionary(j => j.Id, j => KeyOf(jobs, j, now));

    /// <summary>1-based places in line of every queued job.</summary>
    public static Dictionary<Guid, int> Positions(IReadOnlyList<Job> jobs, DateTime now) =>
        QueuedKeys(jobs, now).OrderBy(p => p.Value).Select((p, i) => (p.Key, Position: i + 1)).ToDictionary(p => p.Key, p => p.Position);

    /// <summary>The job a worker should claim next, or null.</summary>
    public static Guid? Next(IReadOnlyList<Job> jobs, DateTime now) =>
        jobs.Where(j => (j.Status == JobStatus.Queued && j.RunAfter <= now) || (j.Status == JobStatus.Running && j.LeaseExpiresAt < now))
            .Select(j => KeyOf(jobs, j, now))
            .OrderBy(k => k)
            .Select(k => (Guid?)k.Id)
            .FirstOrDefault();

    private static Key KeyOf(IReadOnlyList<Job> jobs, Job job, DateTime now)
    {
        var running = jobs.Count(j => j.UserId == job.UserId && j.Status == JobStatus.Running && j.LeaseExpiresAt >= now);
        var ahead = jobs.Count(j => j.UserId == job.UserId && j.Status == JobStatus.Queued && j.Id != job.Id
            && new Key(0, 0, j.CreatedAt, j.Id).CompareTo(new Key(0, 0, job.CreatedAt, job.Id)) < 0);
        return new Key(running, ahead, job.CreatedAt, job.Id);
    }
}
