using DevBot.Data;
using DevBot.Shared;

namespace DevBot.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotJobs(this IServiceCollection services, ResolvedDatabase database)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(string.Empty).ValidateByVariableName().ValidateOnStart();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobRetryPolicy>();
        services.AddSingleton<JobWakeups>();
        services.AddScoped<JobQueue>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // Every process that can enqueue (API, worker, CLI build) tells the other processes' workers.
            services.AddHostedService<PostgresJobWakeupSender>();
        }

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
