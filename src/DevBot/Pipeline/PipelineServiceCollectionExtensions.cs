using DevBot.Agents;
using DevBot.Billing.CostControl;
using DevBot.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DevBot.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotPipeline(this IServiceCollection services)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ArchitectAgent>();
        services.AddScoped<ImplementerAgent>();
        services.TryAddScoped<ICodeContextProvider, NamedFilesContextProvider>();
        services.AddScoped<IRemainingWorkSource, BuildShape>();
        services.AddScoped<IJobHandler, BuildPipeline>();
        return services;
    }
}
