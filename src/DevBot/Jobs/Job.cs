namespace DevBot.Jobs;

/// <summary>A unit of background work (a build, a refinement) in the durable queue.</summary>
public sealed class Job
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Guid UserId { get; set; }
    public required string Kind { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Queued;

    /// <summary>How many times a worker has claimed it (a crashed worker's claim counts).</summary>
    public int Attempts { get; set; }

    /// <summary>While queued: how many builds its user has running (the first key of the claim order).</summary>
    public int QueueLevel { get; set; }

    /// <summary>While queued: how many of its user's queued jobs are ahead of it (the second key of the claim order).</summary>
    public int QueueRank { get; set; }

    public DateTime RunAfter { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Parked until something outside the queue (credits, a user's "continue") puts it back.</summary>
    Paused,
}
