using System.Text;
using DevBot.Data;
using DevBot.Jobs;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Observability;

public static class MetricsEndpoints
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

    /// <summary>Prometheus scrape endpoint: counters and histograms of this process plus the queue depth from the database.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        // Created now, not at the first scrape, so measurements from the start are counted.
        var exporter = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", async (JobQueue queue, CancellationToken cancellationToken) =>
        {
            var output = new StringBuilder();
            exporter.Write(output);
            var jobs = await queue.CountsByStatusAsync(cancellationToken);
            output.AppendLine("# HELP devbot_jobs Jobs in the queue, by status (all processes sharing the database).");
            output.AppendLine("# TYPE devbot_jobs gauge");
            foreach (var status in Enum.GetValues<JobStatus>())
            {
                var count = jobs.GetValueOrDefault(status);
                PrometheusExporter.AppendSample(output, "devbot_jobs", PrometheusExporter.Label("status", SnakeCaseNames.From(status.ToString())), count);
            }

            return Results.Text(output.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
