using System.Runtime.Versioning;

namespace DevBot.Sandbox;

/// <summary>
/// What the bubblewrap sandbox can see of the host's toolchains: /usr (with /bin, /lib… which are usually links into
/// it), plus toolchain folders outside /usr — those in SANDBOX_TOOL_PATHS and the install folders of dotnet, node and
/// go when the server's PATH finds them elsewhere (e.g. ~/.dotnet, ~/.nvm/…, /opt/go).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class HostTools
{
    private static readonly string[] SystemRoots = ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"];
    private static readonly string[] DetectedTools = ["dotnet", "node", "go"];

    private HostTools(IReadOnlyList<string> extraRoots, IReadOnlyList<string> extraPath, IReadOnlyList<string> skipped)
    {
        ExtraRoots = extraRoots;
        ExtraPathDirectories = extraPath;
        Skipped = skipped;
    }

    /// <summary>Host folders outside the system folders to bind read-only at the same path.</summary>
    public IReadOnlyList<string> ExtraRoots { get; }

    /// <summary>Folders (inside those roots) searched before the system PATH.</summary>
    public IReadOnlyList<string> ExtraPathDirectories { get; }

    /// <summary>Folders left out because the sandbox user could not reach them (worth a warning).</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <param name="requireWorldReadable">True when the sandbox runs as another (unprivileged) uid than the server.</param>
    public static HostTools Discover(IReadOnlyList<string> configuredRoots, bool requireWorldReadable)
    {
        var roots = new List<string>();
        foreach (var configured in configuredRoots)
        {
            roots.Add(Path.TrimEndingDirectorySeparator(configured));
        }

        foreach (var tool in DetectedTools)
        {
            if (FindOnServerPath(tool) is { } found && InstallRoot(tool, found) is { } root && !IsUnderSystemRoots(root))
            {
                roots.Add(root);
            }
        }

        var kept = new List<string>();
        var skipped = new List<string>();
        foreach (var root in roots.Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            (requireWorldReadable && !IsReachableByOthers(root) ? skipped : kept).Add(root);
        }

        var path = kept.SelectMany(r => new[] { Path.Combine(r, "bin"), r }).Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToList();
        return new HostTools(kept, path, skipped);
    }

    /// <summary>Whether <paramref name="executable"/> exists on the sandbox's PATH.</summary>
    public bool Has(string executable) => Find(executable) is not null;

    /// <summary>The host path of <paramref name="executable"/> as the sandbox's PATH finds it (the same path inside).</summary>
    public string? Find(string executable)
    {
        if (executable.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(executable) ? executable : null;
        }

        return ExtraPathDirectories.Concat(SandboxEnvironment.SystemPath.Split(':'))
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(IsExecutableFile);
    }

    /// <summary>An executable's absolute path on the server's own PATH.</summary>
    public static string? FindOnServerPath(string executable)
    {
        if (Path.IsPathFullyQualified(executable))
        {
            return IsExecutableFile(executable) ? executable : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? SandboxEnvironment.SystemPath;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(IsExecutableFile);
    }

    private static bool IsExecutableFile(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    // dotnet lives at the top of its install folder; node and go in <root>/bin.
    private static string? InstallRoot(string tool, string found)
    {
        var real = new FileInfo(found).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(found);
        var directory = Path.GetDirectoryName(real);
        if (directory is null || tool == "dotnet")
        {
            return directory;
        }

        return Path.GetFileName(directory) == "bin" ? Path.GetDirectoryName(directory) : directory;
    }

    private static bool IsUnderSystemRoots(string path) =>
        SystemRoots.Any(root => path == root || path.StartsWith(root + "/", StringComparison.Ordinal));

    // The sandbox uid is nobody the host knows: it needs o+x on every ancestor and o+rx on the folder itself.
    private static bool IsReachableByOthers(string path)
    {
        var folder = new DirectoryInfo(path);
        if ((folder.UnixFileMode & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute)) != (UnixFileMode.OtherRead | UnixFileMode.OtherExecute))
        {
            return false;
        }

        for (var parent = folder.Parent; parent is not null; parent = parent.Parent)
        {
            if ((parent.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
