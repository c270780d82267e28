using DevBot.Shared;

namespace DevBot.Projects;

public static class ProjectsServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotProjects(this IServiceCollection services)
    {
        services.AddOptions<ProjectLimits>().BindConfiguration(string.Empty).ValidateByVariableName().ValidateOnStart();
        services.AddSingleton<ProjectEventSignal>();
        services.AddScoped<ProjectEventLog>();
        services.AddScoped<ProjectFileStore>();
        services.AddScoped<ProjectService>();
        services.AddScoped<ProjectQueries>();
        services.AddScoped<TestRunLog>();
        return services;
    }
}
