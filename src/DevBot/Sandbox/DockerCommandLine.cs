using System.Globalization;
using System.Runtime.Versioning;

namespace DevBot.Sandbox;

/// <summary>
/// Builds <c>docker run</c> for one command: the same isolation as bubblewrap in a throw-away container — no network
/// (unless the install step was granted it), memory and pids limits, rlimits for CPU and file size, a read-only root
/// with the project copy and a private HOME as the only writable binds and a tmpfs /tmp, all capabilities dropped,
/// no privilege escalation, an unprivileged user, and only the allow-listed environment. The entrypoint is the same
/// stdout+stderr-merging shell as in bubblewrap.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class DockerCommandLine
{
    public static IReadOnlyList<string> Build(
        string docker, string containerName, string image, SandboxWorkspace workspace, SandboxLimits limits,
        (uint Uid, uint Gid) user, IReadOnlyList<string> argv, bool network)
    {
        var memory = Text(limits.MemoryBytes / (1024 * 1024)) + "m";
        var args = new List<string>
        {
            docker, "run", "--rm", "--init", "--name", containerName,
            "--network", network ? "bridge" : "none",
            "--memory", memory, "--memory-swap", memory,
            "--pids-limit", Text(limits.MaxProcesses),
            "--ulimit", $"cpu={limits.CpuSeconds}:{limits.CpuSeconds + 5}",
            "--ulimit", $"fsize={limits.MaxFileBytes}:{limits.MaxFileBytes}",
            "--ulimit", "core=0:0",
            "--read-only",
            "--tmpfs", $"/tmp:rw,nosuid,nodev,size={Text(Math.Min(limits.MemoryBytes / 2, 512L * 1024 * 1024) / (1024 * 1024))}m",
            "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges",
            "--user", $"{user.Uid}:{user.Gid}",
            "--volume", $"{workspace.ProjectDirectory}:{SandboxWorkspace.ProjectMount}:rw",
            "--volume", $"{workspace.HomeDirectory}:{SandboxWorkspace.HomeMount}:rw",
            "--workdir", SandboxWorkspace.ProjectMount,
        };
        foreach (var (name, value) in SandboxEnvironment.For(extraPathDirectories: null))
        {
            args.AddRange(["--env", $"{name}={value}"]);
        }

        var merged = BwrapCommandLine.MergedOutput(argv);
        args.AddRange(["--entrypoint", merged[0], image]);
        args.AddRange(merged.Skip(1));
        return args;
    }

    /// <summary>Removes a container the client left behind (the client was killed at a time-out).</summary>
    public static IReadOnlyList<string> Remove(string docker, string containerName) => [docker, "rm", "--force", containerName];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
