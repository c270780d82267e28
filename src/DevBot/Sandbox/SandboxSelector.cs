using System.Runtime.Versioning;

namespace DevBot.Sandbox;

/// <summary>
/// Chooses the sandbox once, at start-up, by really running something in it: for bubblewrap <c>true</c> through the
/// exact command line every run uses, for Docker <c>docker info</c>. auto takes bubblewrap, else Docker, else turns
/// running code off with a warning; an explicit bwrap/docker that does not work is off too, with a refusal sentence
/// for serve and worker. Never a mode that runs code unsandboxed.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class SandboxSelector
{
    /// <summary>The unprivileged host uid/gid the sandbox runs as when DevBot runs as root (an id no account uses).</summary>
    public const uint SandboxHostId = 2_000_000_000;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    public static CodeSandbox Select(SandboxOptions options, TimeProvider time, ILogger logger)
    {
        var limits = options.Limits;
        var setting = options.Setting;
        if (setting == SandboxSetting.Off)
        {
            return CodeSandbox.Disabled(limits, "the code was not run: running generated code is switched off (SANDBOX=off)", refusal: null);
        }

        string? bwrapProblem = null;
        if (setting is SandboxSetting.Auto or SandboxSetting.Bwrap)
        {
            var (sandbox, problem) = TryBwrap(options, time, logger);
            if (sandbox is not null)
            {
                return sandbox;
            }

            bwrapProblem = problem;
            if (setting == SandboxSetting.Bwrap)
            {
                return CodeSandbox.Disabled(limits, $"the code was not run: bubblewrap cannot run here ({problem})",
                    $"SANDBOX=bwrap, but bubblewrap cannot run here ({problem}): install bubblewrap (apt-get install bubblewrap) or set SANDBOX=auto.");
            }
        }

        var (docker, dockerProblem) = TryDocker(options, time);
        if (docker is not null)
        {
            return docker;
        }

        if (setting == SandboxSetting.Docker)
        {
            return CodeSandbox.Disabled(limits, $"the code was not run: Docker cannot run containers here ({dockerProblem})",
                $"SANDBOX=docker, but Docker cannot run containers here ({dockerProblem}): start a Docker engine this user may use, or set SANDBOX=auto.");
        }

        return CodeSandbox.Disabled(limits,
            $"the code was not run: install bubblewrap (apt-get install bubblewrap) so DevBot can test what it writes ({bwrapProblem}; {dockerProblem})",
            refusal: null);
    }

    private static (CodeSandbox? Sandbox, string? Problem) TryBwrap(SandboxOptions options, TimeProvider time, ILogger logger)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "bubblewrap needs Linux");
        }

        var bwrap = HostTools.FindOnServerPath(options.BwrapPath);
        if (bwrap is null)
        {
            return (null, $"no bwrap executable at '{options.BwrapPath}' (SANDBOX_BWRAP_PATH)");
        }

        var root = Environment.IsPrivilegedProcess;
        string? setpriv = null;
        if (root && (setpriv = HostTools.FindOnServerPath("setpriv")) is null)
        {
            return (null, "setpriv (util-linux) is missing, and DevBot runs as root");
        }

        var tools = HostTools.Discover(options.ToolPathList, requireWorldReadable: root);
        foreach (var skipped in tools.Skipped)
        {
            logger.LogWarning("The toolchain folder {Folder} is left out of the sandbox: the sandbox's unprivileged user cannot read it. Install the toolchain under /usr or make the folder world-readable.", skipped);
        }

        var prlimit = tools.Find("prlimit");
        if (prlimit is null)
        {
            return (null, "prlimit (util-linux) is missing");
        }

        (uint, uint)? owner = root ? (SandboxHostId, SandboxHostId) : null;
        var layout = new BwrapCommandLine.Layout(bwrap, prlimit, setpriv, owner, tools.ExtraRoots, tools.ExtraPathDirectories);
        var sandbox = CodeSandbox.Running(SandboxMode.Bwrap, options.Limits, new BwrapLauncher(layout, options.Limits), tools.Has,
            BaseDirectory, owner, time);
        var problem = Probe(sandbox, SandboxToolchain.Generic);
        return problem is null ? (sandbox, null) : (null, problem);
    }

    private static (CodeSandbox? Sandbox, string? Problem) TryDocker(SandboxOptions options, TimeProvider time)
    {
        var docker = HostTools.FindOnServerPath(options.DockerPath);
        if (docker is null)
        {
            return (null, $"no docker client at '{options.DockerPath}' (SANDBOX_DOCKER_PATH)");
        }

        var info = SandboxProcess.RunAsync([docker, "info", "--format", "{{.ServerVersion}}"],
            SandboxEnvironment.ForLauncher(DockerLauncher.ClientVariables), ProbeTimeout, 16 * 1024, null, time, CancellationToken.None)
            .GetAwaiter().GetResult();
        if (!info.Succeeded)
        {
            return (null, "the Docker engine does not answer: " + FirstLine(info.Output, info.TimedOut));
        }

        var user = Environment.IsPrivilegedProcess ? (SandboxHostId, SandboxHostId) : (UnixAccounts.EffectiveUserId, UnixAccounts.EffectiveGroupId);
        (uint, uint)? owner = Environment.IsPrivilegedProcess ? user : null;
        var sandbox = CodeSandbox.Running(SandboxMode.Docker, options.Limits, new DockerLauncher(docker, options, user, time), _ => true,
            BaseDirectory, owner, time);
        return (sandbox, null);
    }

    // The real path every build takes: a session, the full command line, a run, the clean-up.
    private static string? Probe(CodeSandbox sandbox, SandboxToolchain toolchain)
    {
        try
        {
            var session = sandbox.OpenAsync(new Dictionary<string, string>(), CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                var result = session.RunAsync(new SandboxCommand(["true"], ProbeTimeout, Toolchain: toolchain), CancellationToken.None).GetAwaiter().GetResult();
                return result.Succeeded ? null : FirstLine(result.Output, result.TimedOut);
            }
            finally
            {
                session.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return ex.Message.TrimEnd('.');
        }
    }

    private static string BaseDirectory => Path.Combine(Path.GetTempPath(), "devbot-sandbox");

    private static string FirstLine(string output, bool timedOut)
    {
        if (timedOut)
        {
            return "the probe timed out";
        }

        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "it failed without a message";
        line = line.TrimEnd('.');
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
