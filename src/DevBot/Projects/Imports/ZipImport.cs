using System.IO.Compression;
using DevBot.Projects.Versions;

namespace DevBot.Projects.Imports;

/// <summary>One file of an upload: its project path, its bytes, and its text (null: binary, kept but never indexed or edited).</summary>
public sealed record ImportedFile(string Path, byte[] Content, string? Text);

/// <summary>What an upload holds once read: its files, the folder it was wrapped in (if any), and what was left out.</summary>
/// <param name="Ignored">Entries left out on purpose: an uploaded <c>.git</c> (DevBot writes its own) and macOS's <c>__MACOSX</c> metadata.</param>
public sealed record ImportedTree(IReadOnlyList<ImportedFile> Files, string? WrapperFolder, IReadOnlyList<string> Ignored);

/// <summary>An upload read into files, or refused with one sentence (naming the entry) that says why.</summary>
public abstract record ZipReading
{
    public sealed record Read(ImportedTree Tree) : ZipReading;

    public sealed record Refused(string Reason) : ZipReading;
}

/// <summary>
/// Reads a user's ZIP into project files, refusing anything unsafe before a byte is stored: entries that leave the
/// project (<c>../</c>), absolute paths, symbolic links, devices and other non-regular files, names Windows reserves,
/// names the project rules refuse (<see cref="ProjectPath"/>), two names one case-insensitive file system would merge
/// (<see cref="PathCollisions"/>), and anything over the limits. One top-level folder wrapping everything is unwrapped.
/// </summary>
public static class ZipImport
{
    // The file type bits of a Unix mode, as zip tools store them in the high 16 bits of the external attributes.
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;
    private const int SymbolicLink = 0xA000;

    public static ZipReading Read(Stream zip, ProjectLimits limits)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            return new ZipReading.Refused("The upload is not a ZIP archive.");
        }

        using (archive)
        {
            try
            {
                return ReadEntries(archive, limits);
            }
            catch (InvalidDataException e)
            {
                return new ZipReading.Refused($"The ZIP archive is damaged: {e.Message}");
            }
        }
    }

    private static ZipReading ReadEntries(ZipArchive archive, ProjectLimits limits)
    {
        var files = new List<(string Raw, string Path, ZipArchiveEntry Entry)>();
        var ignored = new List<string>();
        foreach (var entry in archive.Entries)
        {
            var raw = entry.FullName;
            var type = (entry.ExternalAttributes >> 16) & TypeMask;
            var segments = raw.Replace('\\', '/').Split('/');
            if (segments.Contains(".git", StringComparer.OrdinalIgnoreCase) || segments[0] == "__MACOSX")
            {
                ignored.Add(raw);
                continue;
            }

            if (type == SymbolicLink)
            {
                return new ZipReading.Refused($"The archive entry '{Printable(raw)}' is a symbolic link; only regular files can be imported.");
            }

            if (type is not (0 or RegularFile or Directory))
            {
                return new ZipReading.Refused($"The archive entry '{Printable(raw)}' is not a regular file (a device, pipe or socket).");
            }

            if (segments.Contains(".."))
            {
                return new ZipReading.Refused($"The archive entry '{Printable(raw)}' leaves the project ('..' is not allowed).");
            }

            if (raw.EndsWith('/') || raw.EndsWith('\\') || type == Directory)
            {
                continue;
            }

            if (!ProjectPath.TryNormalize(raw, out var path, out var error))
            {
                return new ZipReading.Refused($"The archive entry '{Printable(raw)}' cannot be imported: {error}");
            }

            files.Add((raw, path, entry));
        }

        if (files.Count == 0)
        {
            return new ZipReading.Refused("The archive holds no files.");
        }

        if (files.Count > limits.MaxFiles)
        {
            return new ZipReading.Refused($"The archive holds {files.Count} files; a project may have {limits.MaxFiles} (MAX_PROJECT_FILES).");
        }

        var wrapper = WrapperFolder(files.Select(f => f.Path).ToList());
        var imported = new List<ImportedFile>();
        var accepted = new List<string>();
        foreach (var (raw, fullPath, entry) in files)
        {
            var path = wrapper is null ? fullPath : fullPath[(wrapper.Length + 1)..];
            if (accepted.Contains(path, StringComparer.Ordinal))
            {
                return new ZipReading.Refused($"The archive entry '{Printable(raw)}' appears twice.");
            }

            if (PathCollisions.Find(accepted, path) is { } collision)
            {
                return new ZipReading.Refused($"The archive entry '{Printable(raw)}' cannot be imported: {collision}");
            }

            if (ReadBounded(entry, limits.MaxFileBytes) is not { } content)
            {
                return new ZipReading.Refused($"The archive entry '{Printable(raw)}' is larger than {limits.MaxFileBytes} bytes, the limit for one file (MAX_FILE_BYTES).");
            }

            accepted.Add(path);
            imported.Add(new ImportedFile(path, content, FileContent.TryText(content)));
        }

        return new ZipReading.Read(new ImportedTree(imported, wrapper, ignored));
    }

    /// <summary>The one top-level folder every file is in (a project zipped as its folder), or null.</summary>
    private static string? WrapperFolder(IReadOnlyList<string> paths)
    {
        var first = paths[0].Split('/')[0];
        return paths.All(p => p.Contains('/') && p.Split('/')[0] == first) ? first : null;
    }

    /// <summary>The entry's bytes, or null when it holds more than <paramref name="maxBytes"/> (whatever its header says).</summary>
    private static byte[]? ReadBounded(ZipArchiveEntry entry, int maxBytes)
    {
        if (entry.Length > maxBytes)
        {
            return null;
        }

        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Printable(string name) => FileNameCharacters.Printable(name.Length <= 200 ? name : name[..200] + "…");
}
