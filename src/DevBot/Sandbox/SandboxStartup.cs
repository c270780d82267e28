using Microsoft.Extensions.Options;

namespace DevBot.Sandbox;

/// <summary>The sandbox's word at start-up: serve and worker ask it before they start, and it logs what runs generated code.</summary>
public static class SandboxStartup
{
    /// <summary>
    /// One plain sentence when this process must not start: SANDBOX names a sandbox that cannot run here, or a SANDBOX_*
    /// setting is invalid. Null when it may start (also when auto turned running code off: that is a warning, not a refusal).
    /// </summary>
    public static string? Refusal(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<CodeSandbox>().Refusal;
        }
        catch (OptionsValidationException ex) when (ex.OptionsType == typeof(SandboxOptions))
        {
            return string.Join(' ', ex.Failures);
        }
    }
}

/// <summary>Chooses the sandbox while the host starts (not at the first build) and says loudly when generated code will not run.</summary>
internal sealed class SandboxStartupLog(ICodeSandbox sandbox, ILogger<SandboxStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (sandbox.Mode == SandboxMode.Off)
        {
            logger.LogWarning("Generated code will NOT be run or tested: {Warning}.", sandbox.Warning);
        }
        else
        {
            var limits = sandbox.Limits;
            logger.LogInformation(
                "Generated code runs in {Mode}: {Timeout} s per run, {MemoryMb} MB per process, {Processes} processes, install network {Network}.",
                sandbox.Mode, limits.Timeout.TotalSeconds, limits.MemoryBytes / (1024 * 1024), limits.MaxProcesses, limits.InstallNetwork ? "on" : "off");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
