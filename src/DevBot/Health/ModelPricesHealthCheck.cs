using DevBot.Billing;
using DevBot.Billing.Pricing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DevBot.Health;

/// <summary>
/// Whether every configured model (LLM_MODEL and the per-role ones) has an active price. Degraded, not Unhealthy:
/// the API keeps accepting builds, but each build would be refused at its first call, so readiness says which model
/// and the command that prices it.
/// </summary>
public sealed class ModelPricesHealthCheck(MissingPrices missingPrices, IOptions<BillingOptions> billing) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var missing = await missingPrices.FindAsync(cancellationToken);
            if (missing.Count == 0)
            {
                return HealthCheckResult.Healthy("every configured model has a price");
            }

            if (billing.Value.AllowUnpricedModels)
            {
                return HealthCheckResult.Healthy(
                    $"{string.Join(", ", missing.Select(m => m.Model))} {(missing.Count == 1 ? "has" : "have")} no price and {(missing.Count == 1 ? "is" : "are")} called at cost 0 (ALLOW_UNPRICED_MODELS=true)");
            }

            return HealthCheckResult.Degraded(string.Join(" ", missing.Select(m => m.Explain())));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The model prices cannot be read: {ex.GetType().Name}");
        }
    }
}
