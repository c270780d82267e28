using LibGit2Sharp;

namespace DevBot.Projects.Versions;

/// <summary>A file of the delivered ZIP: its path inside the archive and its bytes.</summary>
public sealed record ArchiveEntry(string Path, byte[] Content);

/// <summary>One commit to write: its message and body, its time, and the paths it sets (to a blob) or removes (null).</summary>
public sealed record GitCommitSpec(string Message, string? Body, DateTimeOffset When, IReadOnlyList<(string Path, string? Sha256)> Changes);

/// <summary>
/// Writes a project's history as a real git repository (LibGit2Sharp over libgit2) and returns its <c>.git</c> folder
/// as archive entries: one commit per step, author and committer "DevBot", branch <c>main</c> checked out, and an
/// index that matches the last commit, so the unpacked work tree is clean. Objects are written straight into the
/// object database (no work-tree filters, no line-ending conversion), and libgit2 is pointed at an empty folder for
/// its global, XDG and system configuration, so nothing of the host's git configuration (templates, hooks, default
/// branch, autocrlf) reaches a ZIP. Reflogs and sample hooks are left out: they would only carry the packing time.
/// </summary>
public static class GitRepository
{
    public const string AuthorName = "DevBot";
    public const string AuthorEmail = "devbot@devbot.invalid";
    public const string Branch = "main";

    private static readonly Lock ConfigGate = new();
    private static bool _configIsolated;

    public static IReadOnlyList<ArchiveEntry> Write(IReadOnlyList<GitCommitSpec> commits, IReadOnlyDictionary<string, byte[]> blobs)
    {
        IsolateFromHostConfiguration();
        var root = Path.Combine(Path.GetTempPath(), "devbot-git-" + Guid.NewGuid().ToString("N"));
        try
        {
            Repository.Init(root);
            using (var repository = new Repository(root))
            {
                WriteHistory(repository, commits, blobs);
            }

            var gitFolder = Path.Combine(root, ".git");
            return Directory.EnumerateFiles(gitFolder, "*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
                .Where(path => !path.StartsWith(".git/logs/", StringComparison.Ordinal) && !path.StartsWith(".git/hooks/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(path => new ArchiveEntry(path, File.ReadAllBytes(Path.Combine(root, path))))
                .ToList();
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    private static void WriteHistory(Repository repository, IReadOnlyList<GitCommitSpec> commits, IReadOnlyDictionary<string, byte[]> blobs)
    {
        var objects = new Dictionary<string, Blob>(StringComparer.Ordinal);
        var tree = new SortedDictionary<string, Blob>(StringComparer.Ordinal);
        Commit? head = null;
        foreach (var spec in commits)
        {
            foreach (var (path, sha) in spec.Changes)
            {
                if (sha is null)
                {
                    tree.Remove(path);
                    continue;
                }

                if (!objects.TryGetValue(sha, out var blob))
                {
                    using var content = new MemoryStream(blobs[sha], writable: false);
                    objects[sha] = blob = repository.ObjectDatabase.CreateBlob(content);
                }

                tree[path] = blob;
            }

            var definition = new TreeDefinition();
            foreach (var (path, blob) in tree)
            {
                definition.Add(path, blob, Mode.NonExecutableFile);
            }

            var signature = new Signature(AuthorName, AuthorEmail, spec.When);
            var message = string.IsNullOrWhiteSpace(spec.Body) ? spec.Message.Trim() + "\n" : spec.Message.Trim() + "\n\n" + spec.Body.Trim() + "\n";
            head = repository.ObjectDatabase.CreateCommit(
                signature, signature, message, repository.ObjectDatabase.CreateTree(definition), head is null ? [] : [head], prettifyMessage: false);
        }

        if (head is null)
        {
            return;
        }

        repository.Refs.Add("refs/heads/" + Branch, head.Id, allowOverwrite: true);
        repository.Refs.UpdateTarget("HEAD", "refs/heads/" + Branch);
        repository.Index.Replace(head.Tree);
        repository.Index.Write();
    }

    /// <summary>Points libgit2's global, XDG and system configuration at an empty folder of this process, once.</summary>
    private static void IsolateFromHostConfiguration()
    {
        lock (ConfigGate)
        {
            if (_configIsolated)
            {
                return;
            }

            var empty = Directory.CreateTempSubdirectory("devbot-git-config-").FullName;
            foreach (var level in new[] { ConfigurationLevel.Global, ConfigurationLevel.Xdg, ConfigurationLevel.System, ConfigurationLevel.ProgramData })
            {
                GlobalSettings.SetConfigSearchPaths(level, empty);
            }

            _configIsolated = true;
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                // Git makes its objects read-only; deleting them needs them writable on some systems.
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the ZIP is what matters.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
