using System.Text;
using DevBot.OpenApi;

namespace DevBot.Observability;

internal static class MetricsEndpoints
{
    public static IServiceCollection AddDevBotObservability(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<DevBotMetrics>();
        return services;
    }

    public static IServiceCollection AddDevBotMetricsExporter(this IServiceCollection services)
    {
        services.AddSingleton<PrometheusExporter>();
        return services;
    }

    /// <summary>
    /// Prometheus scrape endpoint: the instruments of this process, then the gauges features read at scrape time
    /// (<see cref="IScrapedGauges"/>: queue depth, Telegram outbox, from the database all processes share).
    /// </summary>
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        // Created now, not at the first scrape, so measurements from the start are counted.
        var exporter = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", async (IEnumerable<IScrapedGauges> sources, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var output = new StringBuilder();
            exporter.Write(output);
            foreach (var source in sources)
            {
                IReadOnlyList<GaugeFamily> families;
                try
                {
                    families = await source.ReadAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A database blip costs these gauges one scrape, not the process's own figures.
                    loggers.CreateLogger(typeof(MetricsEndpoints).FullName!).LogWarning("{Source} could not be read for /metrics: {Error}", source.GetType().Name, ex.GetType().Name);
                    continue;
                }

                foreach (var family in families)
                {
                    PrometheusExporter.Write(output, family);
                }
            }

            return Results.Text(output.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        }).WithApiTag(ApiTags.Operations).WithName("getMetrics").Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithSummary("Prometheus metrics (text format 0.0.4): requests, builds, model calls and tokens, queue depth by status.");
        return app;
    }
}
