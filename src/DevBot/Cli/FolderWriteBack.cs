using DevBot.Projects.Versions;

namespace DevBot.Cli;

/// <summary>What writing a version back into a local folder did.</summary>
/// <param name="Written">Paths written (new or changed), relative to the folder.</param>
/// <param name="Removed">Paths deleted because the version no longer has them.</param>
/// <param name="LeftAlone">Paths not touched, each with why: the file changed on disk while DevBot worked, or the path leads through a link.</param>
internal sealed record WriteBackReport(IReadOnlyList<string> Written, IReadOnlyList<string> Removed, IReadOnlyList<(string Path, string Why)> LeftAlone);

/// <summary>
/// Writes a change's files back into the folder it was imported from (<c>devbot change --dir</c>). Only what the
/// change changed is touched, and only where the folder still holds what was imported: a file edited on disk in the
/// meantime is left as it is (and named), so the user's own work is never overwritten. Nothing is written outside the
/// folder, through a link, or into <c>.git</c>.
/// </summary>
internal static class FolderWriteBack
{
    /// <param name="folder">The folder that was imported.</param>
    /// <param name="projectRoot">The folder's sub-folder the project's paths are relative to (the import unwraps one top-level folder), or null.</param>
    /// <param name="imported">Each imported file's content hash, by its path relative to <paramref name="folder"/>.</param>
    /// <param name="changed">The version's new or changed files (text and binary), by project path.</param>
    /// <param name="removed">The project paths the version no longer has.</param>
    public static async Task<WriteBackReport> ApplyAsync(
        DirectoryInfo folder, string? projectRoot, IReadOnlyDictionary<string, string> imported,
        IReadOnlyDictionary<string, byte[]> changed, IEnumerable<string> removed, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder.FullName);
        var written = new List<string>();
        var deleted = new List<string>();
        var leftAlone = new List<(string, string)>();

        foreach (var (projectPath, content) in changed.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var path = OnDisk(projectRoot, projectPath);
            if (Refusal(root, path, imported) is { } why)
            {
                leftAlone.Add((path, why));
                continue;
            }

            var target = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, content, cancellationToken);
            written.Add(path);
        }

        foreach (var projectPath in removed.Order(StringComparer.Ordinal))
        {
            var path = OnDisk(projectRoot, projectPath);
            var target = Path.Combine(root, path);
            if (!Path.Exists(target))
            {
                continue; // gone already: what the version wants
            }

            if (Refusal(root, path, imported) is { } why)
            {
                leftAlone.Add((path, why));
                continue;
            }

            File.Delete(target);
            deleted.Add(path);
        }

        return new WriteBackReport(written, deleted, leftAlone);
    }

    private static string OnDisk(string? projectRoot, string projectPath) => projectRoot is null ? projectPath : projectRoot + "/" + projectPath;

    /// <summary>Why <paramref name="path"/> must not be touched, or null when it may.</summary>
    private static string? Refusal(string root, string path, IReadOnlyDictionary<string, string> imported)
    {
        var target = Path.GetFullPath(Path.Combine(root, path));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path.Split('/').Contains(".git"))
        {
            return "outside the project's files";
        }

        // Every folder on the way must be a real folder: a link could lead the write anywhere.
        for (var directory = Path.GetDirectoryName(target); directory is not null && directory.Length > root.Length; directory = Path.GetDirectoryName(directory))
        {
            if (new DirectoryInfo(directory) is { Exists: true } info && info.LinkTarget is not null)
            {
                return "its folder is a link";
            }

            if (File.Exists(directory))
            {
                return "a file stands where its folder would be";
            }
        }

        if (Directory.Exists(target))
        {
            return "a folder stands there";
        }

        var file = new FileInfo(target);
        if (file.LinkTarget is not null)
        {
            return "it is a link";
        }

        var onDisk = file.Exists ? FileContent.Sha256(File.ReadAllBytes(target)) : null;
        var atImport = imported.GetValueOrDefault(path);
        return onDisk == atImport ? null
            : atImport is null ? "a file was created there after the import"
            : onDisk is null ? "it was deleted after the import"
            : "it was edited after the import";
    }
}
