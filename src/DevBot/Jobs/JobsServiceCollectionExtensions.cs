using DevBot.Data;
using DevBot.Observability;

namespace DevBot.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotJobs(this IServiceCollection services)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobSignal>();
        services.AddScoped<JobQueue>();
        services.AddScoped<IScrapedGauges, JobsGauges>();
        return services;
    }

    /// <summary>Runs workers in this process (serve, worker); the HTTP API alone needs only the queue.</summary>
    public static IServiceCollection AddDevBotWorkers(this IServiceCollection services, ResolvedDatabase database)
    {
        services.AddHostedService<JobWorker>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddHostedService<PostgresJobNotifications>();
        }

        return services;
    }
}
