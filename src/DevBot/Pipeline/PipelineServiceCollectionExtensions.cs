using DevBot.Agents;
using DevBot.Billing.CostControl;
using DevBot.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using DevBot.Shared;

namespace DevBot.Pipeline;

internal static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotPipeline(this IServiceCollection services)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(string.Empty).ValidateByVariableName().ValidateOnStart();
        services.AddScoped<ArchitectAgent>();
        services.AddScoped<ImplementerAgent>();
        services.TryAddScoped<ICodeContextProvider, NamedFilesContextProvider>();
        services.AddScoped<IRemainingWorkSource, BuildShape>();
        services.AddScoped<BuildChecks>();
        services.AddScoped<BuildPipeline>();
        services.AddScoped<IJobHandler>(sp => sp.GetRequiredService<BuildPipeline>());
        services.AddScoped<IJobHandler, ChangeJobHandler>();
        return services;
    }
}
