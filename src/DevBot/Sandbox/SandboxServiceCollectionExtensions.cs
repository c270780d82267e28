using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using DevBot.Shared;

namespace DevBot.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotSandbox(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SandboxOptions>().BindConfiguration(string.Empty).ValidateByVariableName().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.AddSingleton<ICodeSandbox>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SandboxOptions>>().Value;
            return OperatingSystem.IsWindows()
                ? CodeSandbox.Disabled(options.Limits, "the code was not run: DevBot's sandboxes need Linux (or Docker on a Unix host)", refusal: null)
                : SandboxSelector.Select(options, sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ICodeSandbox).FullName!));
        });
        services.AddHostedService<SandboxStartupLog>();
        return services;
    }
}
