using System.Globalization;
using System.IO.Compression;
using System.Text;
using DevBot.Projects.Versions;
using DevBot.Storage;

namespace DevBot.Projects;

/// <summary>
/// Builds the delivered ZIP: exactly the project's files, with the validated relative paths, in a stable order, and
/// (for a version with a history) the git repository of that history under <c>.git/</c>.
/// </summary>
public static class ProjectArchive
{
    public static MemoryStream Create(IEnumerable<KeyValuePair<string, string>> files, DateTimeOffset timestamp) =>
        Create(files.Select(f => new ArchiveEntry(f.Key, Encoding.UTF8.GetBytes(f.Value))), [], timestamp);

    /// <param name="files">The work tree: every path validated again here, since this is what lands on users' disks.</param>
    /// <param name="git">The <c>.git/</c> folder, written by DevBot itself (<see cref="GitRepository"/>).</param>
    public static MemoryStream Create(IEnumerable<ArchiveEntry> files, IEnumerable<ArchiveEntry> git, DateTimeOffset timestamp)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                if (!ProjectPath.TryNormalize(file.Path, out var normalized, out var error) || normalized != file.Path)
                {
                    throw new ArgumentException($"The file '{file.Path}' cannot be archived: {error ?? "the path is not in normal form."}", nameof(files));
                }

                Add(zip, file, CompressionLevel.Optimal, timestamp);
            }

            foreach (var entry in git.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                if (!entry.Path.StartsWith(".git/", StringComparison.Ordinal) || entry.Path.Split('/').Any(s => s is "" or "." or ".."))
                {
                    throw new ArgumentException($"'{entry.Path}' is not a path inside .git/.", nameof(git));
                }

                // Git's objects are compressed already.
                Add(zip, entry, entry.Path.StartsWith(".git/objects/", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal, timestamp);
            }
        }

        buffer.Position = 0;
        return buffer;
    }

    private static void Add(ZipArchive zip, ArchiveEntry file, CompressionLevel level, DateTimeOffset timestamp)
    {
        var entry = zip.CreateEntry(file.Path, level);
        entry.LastWriteTime = timestamp;
        using var stream = entry.Open();
        stream.Write(file.Content);
    }

    /// <summary>The archive's object key (earlier versions stored <c>{id:N}.zip</c>; those keys, kept in the project row, still resolve).</summary>
    public static string KeyFor(Guid projectId) => ObjectKeys.ForProject(projectId, "archive.zip");

    /// <summary>The archive of one version: every version stays downloadable (version 1 keeps the first build's key).</summary>
    public static string KeyFor(Guid projectId, int version) =>
        version <= 1 ? KeyFor(projectId) : ObjectKeys.ForProject(projectId, string.Create(CultureInfo.InvariantCulture, $"v{version}.zip"));

    /// <summary>A download name made from the title: lower-case ASCII words joined by dashes.</summary>
    public static string FileName(string title)
    {
        var slug = new string(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return (slug.Length == 0 ? "project" : slug[..Math.Min(slug.Length, 60)].TrimEnd('-')) + ".zip";
    }
}
