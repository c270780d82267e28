using DevBot.Projects.Imports;
using DevBot.Projects.Versions;
using DevBot.Shared;

namespace DevBot.Projects;

internal static class ProjectsServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotProjects(this IServiceCollection services)
    {
        services.AddOptions<ProjectLimits>().BindConfiguration(string.Empty).ValidateByVariableName().ValidateOnStart();
        services.AddSingleton<ProjectEventSignal>();
        services.AddHostedService<ProjectEventWatcher>();
        services.AddScoped<ProjectEventLog>();
        services.AddScoped<ProjectFileStore>();
        services.AddScoped<ProjectService>();
        services.AddScoped<ProjectQueries>();
        services.AddScoped<TestRunLog>();
        services.AddScoped<ProjectVersions>();
        services.AddScoped<DeliveredVersions>();
        services.AddScoped<ProjectHistory>();
        services.AddScoped<VersionArchives>();
        services.AddScoped<VersionDiffs>();
        services.AddScoped<ProjectChanges>();
        services.AddScoped<ProjectImporter>();
        return services;
    }
}
