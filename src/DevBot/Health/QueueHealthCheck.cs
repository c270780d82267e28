using DevBot.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DevBot.Health;

internal sealed class QueueHealthCheck(JobQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var queued = await queue.CountAsync(JobStatus.Queued, cancellationToken);
            var running = await queue.CountAsync(JobStatus.Running, cancellationToken);
            return HealthCheckResult.Healthy($"{queued} queued, {running} running",
                new Dictionary<string, object> { ["queued"] = queued, ["running"] = running });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The jobs table cannot be read: {ex.GetType().Name}");
        }
    }
}
