using DevBot.Agents;
using DevBot.Jobs;
using DevBot.Projects;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DevBot.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotPipeline(this IServiceCollection services)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProjectLimits>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProjectEventSignal>();
        services.AddScoped<ProjectService>();
        services.AddScoped<StructuredAsk>();
        services.AddScoped<ArchitectAgent>();
        services.AddScoped<ImplementerAgent>();
        services.TryAddScoped<ICodeContextProvider, NamedFilesContextProvider>();
        services.AddScoped<IJobHandler, BuildPipeline>();
        return services;
    }
}
