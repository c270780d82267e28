using System.Globalization;
using System.Runtime.Versioning;

namespace DevBot.Sandbox;

/// <summary>
/// Builds the command line that runs one command in bubblewrap. What it sets up, and why:
/// <list type="bullet">
/// <item>Every namespace unshared (user, pid, net, ipc, uts, cgroup, mount): the command sees its own processes only
/// and, unless the install step was granted the network, no network but its own empty loopback.</item>
/// <item>A read-only root: /usr (with /bin, /lib… as the host has them: links into /usr or read-only binds), the
/// toolchain folders outside /usr, and only the /etc files a toolchain needs (alternatives links, the loader cache,
/// a passwd naming the sandbox user; DNS and CA files only when the network is granted). The project copy and a
/// private HOME are the only writable host folders; /tmp is a private size-limited tmpfs.</item>
/// <item>--die-with-parent (SIGKILL when DevBot dies), --new-session (no terminal injection), --disable-userns (no
/// nested namespaces), --clearenv + the allow-listed environment.</item>
/// <item>--as-pid-1 with a small shell as pid 1 (see <see cref="MergedOutput"/>): when pid 1 of a pid namespace exits,
/// the kernel kills and reaps every other process in it before pid 1 can be reaped, so bubblewrap returns only when
/// nothing of the run is left (with bubblewrap's own init it returns first and the namespace dies a moment later).</item>
/// <item>When DevBot runs as root, setpriv first switches to an unprivileged uid: the kernel never enforces
/// RLIMIT_NPROC for host uid 0, so without this a fork bomb would not end. Inside, the uid is always 1000.</item>
/// <item>prlimit inside the sandbox sets the rlimits (see <see cref="PrlimitArguments"/>); a shell merges stderr into stdout.</item>
/// </list>
/// Measured on this machine (kernel 6.18, bubblewrap 0.8): cgroup v2 has no controllers delegated here (a v1/v2
/// hybrid where the v1 memory cgroup belongs to the machine's own supervisor), so tree-wide cgroup limits
/// (pids.max, memory.max) are not used; the uid switch + rlimits are what the tests prove.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class BwrapCommandLine
{
    private static readonly string[] LinkOrBindRoots = ["/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"];
    private static readonly string[] EtcAlways = ["/etc/alternatives", "/etc/ld.so.cache"];
    private static readonly string[] EtcForNetwork =
    [
        "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf", "/etc/services",
        "/etc/protocols", "/etc/ssl", "/etc/ca-certificates", "/etc/pki",
    ];

    public sealed record Layout(
        string Bwrap,
        string Prlimit,
        string? Setpriv,
        (uint Uid, uint Gid)? HostIdentity,
        IReadOnlyList<string> ToolRoots,
        IReadOnlyList<string> ToolPathDirectories);

    public static IReadOnlyList<string> Build(Layout layout, SandboxWorkspace workspace, SandboxLimits limits, IReadOnlyList<string> argv, bool network)
    {
        var args = new List<string>();
        if (layout.HostIdentity is { } id)
        {
            args.AddRange([layout.Setpriv ?? "setpriv", $"--reuid={id.Uid}", $"--regid={id.Gid}", "--clear-groups", "--no-new-privs", "--"]);
        }

        args.AddRange([layout.Bwrap, "--unshare-all", "--unshare-user", "--disable-userns"]);
        if (network)
        {
            args.Add("--share-net");
        }

        args.AddRange(["--as-pid-1", "--die-with-parent", "--new-session", "--hostname", "sandbox",
            "--uid", Text(SandboxWorkspace.InsideUid), "--gid", Text(SandboxWorkspace.InsideGid)]);
        args.AddRange(["--ro-bind", "/usr", "/usr"]);
        foreach (var root in LinkOrBindRoots)
        {
            args.AddRange(SystemRoot(root));
        }

        foreach (var path in network ? [.. EtcAlways, .. EtcForNetwork] : EtcAlways)
        {
            args.AddRange(["--ro-bind-try", path, path]);
        }

        args.AddRange(["--ro-bind", workspace.PasswdFile, "/etc/passwd", "--ro-bind", workspace.GroupFile, "/etc/group"]);
        foreach (var root in layout.ToolRoots)
        {
            args.AddRange(["--ro-bind", root, root]);
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", Text(TmpBytes(limits)), "--tmpfs", "/tmp",
            "--bind", workspace.HomeDirectory, SandboxWorkspace.HomeMount,
            "--bind", workspace.ProjectDirectory, SandboxWorkspace.ProjectMount,
            "--remount-ro", "/",
            "--chdir", SandboxWorkspace.ProjectMount,
            "--clearenv"]);
        foreach (var (name, value) in SandboxEnvironment.For(layout.ToolPathDirectories))
        {
            args.AddRange(["--setenv", name, value]);
        }

        args.Add("--");
        args.Add(layout.Prlimit);
        args.AddRange(PrlimitArguments(limits));
        args.Add("--");
        args.AddRange(MergedOutput(argv));
        return args;
    }

    /// <summary>
    /// The rlimits, hard = soft so the command cannot raise them. RLIMIT_NPROC counts processes and threads of the
    /// sandbox's uid in its own user namespace (so concurrent sandboxes do not share it). Memory is RLIMIT_DATA, not
    /// RLIMIT_AS: runtimes that reserve address space up front fail under RLIMIT_AS (dotnet exits at start with
    /// "GC heap initialization failed"; V8 and Go reserve large ranges too), while RLIMIT_DATA counts what is really
    /// mapped writable. It is a per-process limit, not one for the whole tree. CPU gets a soft limit (SIGXCPU) and a
    /// hard one five seconds later (SIGKILL).
    /// </summary>
    public static IReadOnlyList<string> PrlimitArguments(SandboxLimits limits) =>
    [
        $"--nproc={limits.MaxProcesses}:{limits.MaxProcesses}",
        $"--data={limits.MemoryBytes}:{limits.MemoryBytes}",
        $"--fsize={limits.MaxFileBytes}:{limits.MaxFileBytes}",
        $"--cpu={limits.CpuSeconds}:{limits.CpuSeconds + 5}",
        "--core=0:0",
    ];

    /// <summary>
    /// Runs the command under a shell that waits for it and exits with its status: stdout and stderr go into one stream in
    /// the order written (a failure reads in context), and the command is not pid 1 itself, so it keeps ordinary signal
    /// behaviour (pid 1 ignores signals it has no handler for).
    /// </summary>
    public static IReadOnlyList<string> MergedOutput(IReadOnlyList<string> argv) => ["/bin/sh", "-c", "\"$@\" 2>&1 & wait $!", "sandbox", .. argv];

    // Half the memory limit, at most 512 MB: /tmp is RAM.
    private static long TmpBytes(SandboxLimits limits) => Math.Min(limits.MemoryBytes / 2, 512L * 1024 * 1024);

    private static string[] SystemRoot(string root)
    {
        var info = new DirectoryInfo(root);
        if (info.LinkTarget is { } target)
        {
            return ["--symlink", target, root];
        }

        return info.Exists ? ["--ro-bind", root, root] : [];
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
