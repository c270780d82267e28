using DevBot.Data;
using DevBot.Jobs;
using DevBot.Llm;
using DevBot.Users;

namespace DevBot.Hosting;

public static class DevBotServiceCollectionExtensions
{
    /// <summary>Everything every command needs: database, queue, models, agents, storage.</summary>
    public static ResolvedDatabase AddDevBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddDevBotData(configuration);
        services.AddDevBotUsers();
        services.AddDevBotJobs();
        services.AddDevBotLlm();
        return services.BuildDatabaseDescriptor(configuration);
    }

    public static IServiceCollection AddDevBotApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }

    /// <summary>Workers and the other background services a worker process runs.</summary>
    public static IServiceCollection AddDevBotBackground(this IServiceCollection services, ResolvedDatabase database)
    {
        services.AddDevBotWorkers(database);
        return services;
    }

    private static ResolvedDatabase BuildDatabaseDescriptor(this IServiceCollection services, IConfiguration configuration)
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(ResolvedDatabase));
        return (ResolvedDatabase)descriptor.ImplementationInstance!;
    }
}
