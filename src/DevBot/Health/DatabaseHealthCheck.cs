using DevBot.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DevBot.Health;

internal sealed class DatabaseHealthCheck(DevBotDbContext db, ResolvedDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{database.Provider} reachable")
                : HealthCheckResult.Unhealthy($"{database.Provider} not reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} not reachable: {ex.GetType().Name}");
        }
    }
}
