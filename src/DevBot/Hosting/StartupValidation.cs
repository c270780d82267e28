using DevBot.Shared;
using Microsoft.Extensions.Options;

namespace DevBot.Hosting;

/// <summary>
/// Checks the settings of a host before it runs anything: values that cannot be read at all (before binding) and
/// every options class's validation (before the host starts, so the generic host never logs the failure with its
/// stack trace). Both end in sentences that name the variables.
/// </summary>
internal static class StartupValidation
{
    public static void CheckValues(IConfiguration configuration) => ConfigurationValueCheck.ThrowIfUnreadable(configuration);

    public static void CheckOptions(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();
}
