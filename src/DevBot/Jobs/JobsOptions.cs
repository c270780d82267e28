using System.ComponentModel.DataAnnotations;

namespace DevBot.Jobs;

public sealed class JobsOptions
{
    /// <summary>Jobs processed at once by this process; 0 runs no worker (API-only process).</summary>
    [ConfigurationKeyName("WORKER_CONCURRENCY")]
    [Range(0, 256)]
    public int WorkerConcurrency { get; set; } = 1;

    /// <summary>How long a claim lives without a heartbeat; a killed worker's job is picked up after this.</summary>
    [ConfigurationKeyName("JOB_LEASE_SECONDS")]
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle worker looks for work when no wake-up arrives.</summary>
    [ConfigurationKeyName("JOB_POLL_SECONDS")]
    [Range(0.05, 300)]
    public double PollSeconds { get; set; } = 5;

    /// <summary>Claims of one job (crashes and transient-failure retries count) before it fails for good.</summary>
    [ConfigurationKeyName("JOB_MAX_ATTEMPTS")]
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First delay before a job that failed transiently runs again; doubles with each attempt.</summary>
    [ConfigurationKeyName("JOB_RETRY_BASE_SECONDS")]
    [Range(0, 3600)]
    public double RetryBaseSeconds { get; set; } = 15;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(Math.Max(1, LeaseSeconds / 3.0));
    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollSeconds);
}
