using DevBot.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DevBot.Health;

internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddDevBotHealth(this IServiceCollection services)
    {
        services.AddHttpClient(LlmHealthCheck.HttpClientName);
        services.AddSingleton<LlmProbeCache>();
        services.AddSingleton<ObjectStoreProbeCache>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<QueueHealthCheck>("queue", tags: [ReadyTag])
            .AddCheck<LlmHealthCheck>("llm", tags: [ReadyTag])
            .AddCheck<ObjectStoreHealthCheck>("storage", tags: [ReadyTag])

            .AddCheck<ModelPricesHealthCheck>("pricing", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// Liveness (the process answers; no check runs) and readiness (every check tagged ready). Healthy and Degraded
    /// answer 200, Unhealthy 503, as ASP.NET Core's health check middleware does; never cached.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithApiTag(ApiTags.Operations);
        health.MapGet("/live", (HealthCheckService checks, HttpContext http, CancellationToken cancellationToken) => CheckAsync(checks, _ => false, http, cancellationToken))
            .WithName("getLiveness").Produces<HealthView>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Liveness: 200 while the process runs.");
        health.MapGet("/ready", (HealthCheckService checks, HttpContext http, CancellationToken cancellationToken) => CheckAsync(checks, c => c.Tags.Contains(ReadyTag), http, cancellationToken))
            .WithName("getReadiness").Produces<HealthView>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: database, queue, object storage, LLM endpoint and model prices; 200 when Healthy or Degraded, 503 when Unhealthy.");
        return app;
    }

    private static async Task<Results<Ok<HealthView>, JsonHttpResult<HealthView>>> CheckAsync(
        HealthCheckService checks, Func<HealthCheckRegistration, bool> predicate, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(predicate, cancellationToken);
        http.Response.Headers.CacheControl = "no-store, no-cache";
        var view = new HealthView(
            report.Status.ToString(),
            (int)report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckView(e.Value.Status.ToString(), e.Value.Description, (int)e.Value.Duration.TotalMilliseconds), StringComparer.Ordinal));
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(view);
    }
}
