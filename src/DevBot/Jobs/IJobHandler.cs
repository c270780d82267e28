namespace DevBot.Jobs;

/// <summary>Runs one kind of job. Handlers are resumable: a job may be run again after a crash at any point.</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <param name="lease">The worker's claim: ask it before costly work; the token is cancelled when it is lost.</param>
    Task<JobOutcome> RunAsync(Job job, JobLease lease, CancellationToken cancellationToken);

    /// <summary>Called when the queue gives up on a job for a reason outside the handler (crash loop, bug).</summary>
    Task OnGaveUpAsync(Job job, string reason, CancellationToken cancellationToken);
}

public abstract record JobOutcome
{
    public static readonly JobOutcome Succeeded = new Done(JobStatus.Succeeded, null);
    public static readonly JobOutcome Cancelled = new Done(JobStatus.Cancelled, null);
    /// <summary>Parked until credits or a "continue" put it back; not counted as an attempt.</summary>
    public static readonly JobOutcome Paused = new Done(JobStatus.Paused, null);

    public static JobOutcome Failed(string reason) => new Done(JobStatus.Failed, reason);

    /// <summary>A transient failure: run the job again later, unless it has used its attempts.</summary>
    public static JobOutcome RetryLater(string reason, TimeSpan? notBefore = null) => new Retry(reason, notBefore);

    public sealed record Done(JobStatus Status, string? Error) : JobOutcome;

    public sealed record Retry(string Reason, TimeSpan? NotBefore) : JobOutcome;
}
