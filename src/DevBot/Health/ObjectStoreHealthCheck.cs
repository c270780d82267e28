using DevBot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DevBot.Health;

/// <summary>
/// Whether the object store answers (a HEAD of the bucket, or the local folder), cached for a few seconds so
/// frequent probes from several load balancers cost one request. Unhealthy when it fails: without the store no
/// build can deliver and no archive can be downloaded.
/// </summary>
internal sealed class ObjectStoreHealthCheck(IObjectStore store, ObjectStoreProbeCache cache, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await cache.Gate.WaitAsync(cancellationToken);
        try
        {
            if (cache.Last is not { } last || time.GetUtcNow() - last.At >= CacheFor)
            {
                last = (time.GetUtcNow(), await store.ProbeAsync(cancellationToken));
                cache.Last = last;
            }

            return last.Probe.Available
                ? HealthCheckResult.Healthy(last.Probe.Description)
                : HealthCheckResult.Unhealthy("unavailable: " + last.Probe.Description);
        }
        finally
        {
            cache.Gate.Release();
        }
    }
}

/// <summary>The last object store probe of this host (health checks themselves are created per check run).</summary>
internal sealed class ObjectStoreProbeCache : IDisposable
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public (DateTimeOffset At, ObjectStoreProbe Probe)? Last { get; set; }

    public void Dispose() => Gate.Dispose();
}
