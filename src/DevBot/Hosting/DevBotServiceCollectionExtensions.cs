using DevBot.Audit;
using DevBot.Billing;
using DevBot.Data;
using DevBot.Health;
using DevBot.Jobs;
using DevBot.Llm;
using DevBot.Observability;
using DevBot.Pipeline;
using DevBot.Projects;
using DevBot.Retrieval;
using DevBot.Sandbox;
using DevBot.Storage;
using DevBot.Users;
using DevBot.Verification;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DevBot.Hosting;

public static class DevBotServiceCollectionExtensions
{
    /// <summary>Everything every command needs: database, queue, models, agents, storage.</summary>
    public static ResolvedDatabase AddDevBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var database = services.AddDevBotData(configuration);
        services.AddDevBotObservability();
        services.AddDevBotUsers();
        services.AddDevBotAudit();
        services.AddDevBotJobs(database);
        services.AddDevBotLlm();
        services.AddDevBotStorage();
        services.AddDevBotProjects();
        services.AddDevBotPipeline();
        services.AddDevBotBilling(configuration);
        services.AddDevBotRetrieval(configuration);
        services.AddDevBotSandbox();
        services.AddDevBotVerification();
        return database;
    }

    public static IServiceCollection AddDevBotApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddDevBotRateLimiting();
        services.AddDevBotHealth();
        services.AddDevBotMetricsExporter();
        return services;
    }

    /// <summary>Workers and the other background services a worker process runs.</summary>
    public static IServiceCollection AddDevBotBackground(this IServiceCollection services, ResolvedDatabase database)
    {
        services.AddDevBotWorkers(database);
        return services;
    }
}
