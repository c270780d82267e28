using DevBot.Sandbox;

namespace DevBot.Cli;

/// <summary>serve and worker run generated code: they do not start when SANDBOX names a sandbox that cannot run here.</summary>
internal static class SandboxStartupCheck
{
    /// <summary>Exit code of a process that refused to start because of its configuration.</summary>
    public const int ConfigurationError = 2;

    /// <summary>False (after printing one plain sentence on stderr) when the process must not start.</summary>
    public static async Task<bool> MayStartAsync(IServiceProvider services)
    {
        if (SandboxStartup.Refusal(services) is not { } refusal)
        {
            return true;
        }

        await Console.Error.WriteLineAsync(refusal);
        return false;
    }
}
