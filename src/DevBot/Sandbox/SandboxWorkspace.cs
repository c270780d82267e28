using System.Text;
using System.Runtime.Versioning;

namespace DevBot.Sandbox;

/// <summary>
/// A session's folder on the host: <c>project/</c> (the copy, the only writable place besides HOME), <c>home/</c> (a
/// private HOME that persists between the session's runs, so an install step's caches serve the test step) and
/// <c>etc/</c> (passwd and group naming the sandbox user). Deleted with everything in it on dispose.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class SandboxWorkspace : IDisposable
{
    public const string ProjectMount = "/project";
    public const string HomeMount = "/home/sandbox";
    public const uint InsideUid = 1000;
    public const uint InsideGid = 1000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private SandboxWorkspace(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string ProjectDirectory => Path.Combine(Root, "project");

    public string HomeDirectory => Path.Combine(Root, "home");

    public string PasswdFile => Path.Combine(Root, "etc", "passwd");

    public string GroupFile => Path.Combine(Root, "etc", "group");

    /// <summary>
    /// Writes the files into a new folder under <paramref name="baseDirectory"/>. When <paramref name="owner"/> is set
    /// (the server runs as root), the folder and everything in it is given to that unprivileged uid, which the sandbox runs as.
    /// </summary>
    public static SandboxWorkspace Create(string baseDirectory, IReadOnlyDictionary<string, string> files, (uint Uid, uint Gid)? owner)
    {
        Directory.CreateDirectory(baseDirectory);
        if (owner is not null)
        {
            // Traversable by the sandbox uid, listable by nobody else.
            File.SetUnixFileMode(baseDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var workspace = new SandboxWorkspace(Path.Combine(baseDirectory, Guid.NewGuid().ToString("N")));
        try
        {
            Directory.CreateDirectory(workspace.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.CreateDirectory(workspace.ProjectDirectory);
            Directory.CreateDirectory(workspace.HomeDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(workspace.PasswdFile)!);
            File.WriteAllText(workspace.PasswdFile,
                $"sandbox:x:{InsideUid}:{InsideGid}:sandbox:{HomeMount}:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", Utf8);
            File.WriteAllText(workspace.GroupFile, $"sandbox:x:{InsideGid}:\nnogroup:x:65534:\n", Utf8);
            workspace.WriteProject(files);
            if (owner is { } id)
            {
                GiveAway(workspace.Root, id.Uid, id.Gid);
            }

            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private void WriteProject(IReadOnlyDictionary<string, string> files)
    {
        var root = Path.GetFullPath(ProjectDirectory) + Path.DirectorySeparatorChar;
        foreach (var (relative, content) in files)
        {
            if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative) || relative.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{relative}' is not a relative file path.", nameof(files));
            }

            var full = Path.GetFullPath(Path.Combine(root, relative));
            if (!full.StartsWith(root, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{relative}' leaves the project folder.", nameof(files));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content, Utf8);
            if (content.StartsWith("#!", StringComparison.Ordinal))
            {
                // A script with a shebang is meant to be executed (./run.sh); a ZIP of the project would say so too.
                File.SetUnixFileMode(full, File.GetUnixFileMode(full) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
    }

    private static void GiveAway(string root, uint uid, uint gid)
    {
        UnixAccounts.ChangeOwner(root, uid, gid);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            UnixAccounts.ChangeOwner(entry, uid, gid);
        }
    }

    public void Dispose()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // A run may leave read-only folders behind (Go's module cache, chmod -w): make them writable and retry.
            MakeTreeWritable(Root);
            Directory.Delete(Root, recursive: true);
        }
    }

    private static void MakeTreeWritable(string directory)
    {
        TryMakeWritable(directory);
        List<string> children;
        try
        {
            children = [.. Directory.EnumerateDirectories(directory)];
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return;
        }

        foreach (var child in children.Where(c => new DirectoryInfo(c).LinkTarget is null))
        {
            MakeTreeWritable(child);
        }
    }

    private static void TryMakeWritable(string directory)
    {
        try
        {
            File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // Not ours to change; the retry reports what is left.
        }
    }
}
