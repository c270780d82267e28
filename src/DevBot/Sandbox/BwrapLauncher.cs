using System.Runtime.Versioning;

namespace DevBot.Sandbox;

[UnsupportedOSPlatform("windows")]
internal sealed class BwrapLauncher(BwrapCommandLine.Layout layout, SandboxLimits limits) : ISandboxLauncher
{
    private static readonly IReadOnlyDictionary<string, string> HostEnvironment = SandboxEnvironment.ForLauncher([]);

    public LaunchPlan Plan(SandboxWorkspace workspace, SandboxCommand command, bool network) =>
        new(BwrapCommandLine.Build(layout, workspace, limits, command.Argv, network), HostEnvironment);
}
