using System.IO.Compression;
using DevBot.Projects.Versions;

namespace DevBot.Cli;

/// <summary>A local folder zipped for an import, with the content hash of every file as it was zipped.</summary>
/// <param name="Sha256ByPath">Each zipped file's <see cref="FileContent.Sha256"/>, by its path relative to the folder ('/'-separated).</param>
internal sealed record FolderZip(MemoryStream Zip, IReadOnlyDictionary<string, string> Sha256ByPath) : IDisposable
{
    /// <summary>
    /// The folder's files as a ZIP in memory, relative to it. <c>.git</c> is left out (the import would ignore it), and
    /// so are links: a link may point outside the folder, and what it points at is not the folder's to send.
    /// </summary>
    public static FolderZip Create(DirectoryInfo folder)
    {
        var buffer = new MemoryStream();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in folder.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                var path = Path.GetRelativePath(folder.FullName, file.FullName).Replace('\\', '/');
                if (path.Split('/').Contains(".git"))
                {
                    continue;
                }

                var content = File.ReadAllBytes(file.FullName);
                hashes[path] = FileContent.Sha256(content);
                using var entry = archive.CreateEntry(path).Open();
                entry.Write(content);
            }
        }

        buffer.Position = 0;
        return new FolderZip(buffer, hashes);
    }

    public void Dispose() => Zip.Dispose();
}
