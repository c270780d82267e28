using System.IO.Compression;
using System.Text;

namespace DevBot.Projects;

/// <summary>Builds the delivered ZIP: exactly the project's files, with the validated relative paths, in a stable order.</summary>
public static class ProjectArchive
{
    public static MemoryStream Create(IEnumerable<KeyValuePair<string, string>> files, DateTimeOffset timestamp)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                // Paths were validated when written; checked again here because this is what lands on users' disks.
                if (!ProjectPath.TryNormalize(path, out var normalized, out var error) || normalized != path)
                {
                    throw new ArgumentException($"The file '{path}' cannot be archived: {error ?? "the path is not in normal form."}", nameof(files));
                }

                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = timestamp;
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                writer.Write(content);
            }
        }

        buffer.Position = 0;
        return buffer;
    }

    public static string KeyFor(Guid projectId) => $"{projectId:N}.zip";

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
