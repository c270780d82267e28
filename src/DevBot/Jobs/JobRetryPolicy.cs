using Microsoft.Extensions.Options;

namespace DevBot.Jobs;

/// <summary>
/// When a job that failed transiently runs again: <c>JOB_RETRY_BASE_SECONDS</c>, doubling with each claim, or later
/// when the failure asked for it (a server's Retry-After) — and not at all once <c>JOB_MAX_ATTEMPTS</c> claims are
/// used. The worker releases jobs by it; a handler asks it to tell its users when the next try will be.
/// </summary>
public sealed class JobRetryPolicy(IOptions<JobsOptions> options)
{
    /// <summary>The wait before the next claim of a job claimed <paramref name="claims"/> times; null when none is left.</summary>
    public TimeSpan? DelayAfter(int claims, TimeSpan? notBefore)
    {
        var settings = options.Value;
        if (claims >= settings.MaxAttempts)
        {
            return null;
        }

        var backoff = TimeSpan.FromSeconds(settings.RetryBaseSeconds * Math.Pow(2, Math.Max(claims, 1) - 1));
        return notBefore is { } wanted && wanted > backoff ? wanted : backoff;
    }
}
