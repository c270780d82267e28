using System.Runtime.Versioning;

namespace DevBot.Sandbox;

[UnsupportedOSPlatform("windows")]
internal sealed class DockerLauncher(string docker, SandboxOptions options, (uint Uid, uint Gid) user, TimeProvider time) : ISandboxLauncher
{
    /// <summary>What the docker client itself needs to find its engine; none of it reaches the container.</summary>
    public static readonly IReadOnlyList<string> ClientVariables = ["HOME", "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY"];

    private static readonly IReadOnlyDictionary<string, string> HostEnvironment = SandboxEnvironment.ForLauncher(ClientVariables);

    public LaunchPlan Plan(SandboxWorkspace workspace, SandboxCommand command, bool network)
    {
        var name = $"devbot-sandbox-{Guid.NewGuid():N}";
        var argv = DockerCommandLine.Build(docker, name, options.DockerImageFor(command.Toolchain), workspace, options.Limits, user, command.Argv, network);
        return new LaunchPlan(argv, HostEnvironment, () => RemoveAsync(name));
    }

    private async Task RemoveAsync(string name)
    {
        await SandboxProcess.RunAsync(DockerCommandLine.Remove(docker, name), HostEnvironment, TimeSpan.FromSeconds(30), 4096, null, time, CancellationToken.None);
    }
}
