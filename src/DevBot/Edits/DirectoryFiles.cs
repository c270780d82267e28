using System.Text;
using DevBot.Projects;
using DevBot.Shared;

namespace DevBot.Edits;

/// <summary>
/// The files under a folder on disk, for <c>devbot edits apply</c>. Paths were validated by <see cref="ProjectPath"/>
/// (relative, no <c>..</c>); on top of that every step from the root is checked: a symbolic link anywhere on the way
/// is refused, never followed (so nothing outside the folder is read or written), as is a name that exists in other
/// letter case or another Unicode form. Only UTF-8 text files are edited; a byte order mark is kept. Writes go to a
/// temporary file in the same folder, renamed over the target (the old content stays whole if writing fails;
/// a rename replaces a link rather than writing through it), keeping the file's permissions.
/// </summary>
public sealed class DirectoryFiles(string root, int maxFileBytes) : IEditableFiles
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly DirectoryInfo _root = new(Path.GetFullPath(root));
    private readonly HashSet<string> _withByteOrderMark = new(StringComparer.Ordinal);

    public FileRead Read(string path)
    {
        var located = Locate(path);
        if (located.Refusal is { } refusal)
        {
            return FileRead.Refused(refusal);
        }

        if (located.File is not { } file)
        {
            return FileRead.Missing;
        }

        if (file.Length > maxFileBytes + ByteOrderMark.Length)
        {
            return FileRead.Refused($"{path} is {file.Length} bytes, over the {maxFileBytes}-byte limit for one file (MAX_FILE_BYTES).");
        }

        try
        {
            var bytes = File.ReadAllBytes(file.FullName);
            if (bytes.AsSpan().Contains((byte)0))
            {
                return FileRead.Refused($"{path} is a binary file; only text files are edited.");
            }

            var bom = bytes.AsSpan().StartsWith(ByteOrderMark);
            var text = StrictUtf8.GetString(bytes.AsSpan(bom ? ByteOrderMark.Length : 0));

            if (bom)
            {
                _withByteOrderMark.Add(path);
            }

            return FileRead.Text(text);
        }
        catch (DecoderFallbackException)
        {
            return FileRead.Refused($"{path} is not UTF-8 text; only UTF-8 text files are edited.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileRead.Refused($"{path} could not be read: {e.Message}");
        }
    }

    public string? RefuseNewFile(string path, IReadOnlyCollection<string> createdBefore) =>
        Locate(path).Refusal ?? PathCollisions.Find(createdBefore, path);

    public string? Write(string path, string content)
    {
        var located = Locate(path);
        if (located.Refusal is { } refusal)
        {
            return refusal;
        }

        var segments = path.Split('/');
        string? temporary = null;
        try
        {
            var folder = _root;
            foreach (var segment in segments[..^1])
            {
                // Locate checked every existing step; what is missing is created here, one level at a time.
                folder = folder.CreateSubdirectory(segment);
            }

            var target = Path.Combine(folder.FullName, segments[^1]);
            temporary = Path.Combine(folder.FullName, $".{segments[^1]}.{Guid.NewGuid():N}.devbot-tmp");
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                if (_withByteOrderMark.Contains(path))
                {
                    stream.Write(ByteOrderMark);
                }

                stream.Write(Encoding.UTF8.GetBytes(content));
            }

            if (located.File is { } existing && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, existing.UnixFileMode);
            }

            File.Move(temporary, target, overwrite: true);
            temporary = null;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path} could not be written: {e.Message}";
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Walks from the root to <paramref name="path"/>: the file if it exists, or why the path may not be used.</summary>
    private Located Locate(string path)
    {
        var segments = path.Split('/');
        var folder = _root;
        for (var i = 0; i < segments.Length; i++)
        {
            var walked = string.Join('/', segments[..(i + 1)]);
            FileSystemInfo? exact = null, twin = null;
            try
            {
                foreach (var entry in folder.EnumerateFileSystemInfos())
                {
                    if (entry.Name == segments[i])
                    {
                        exact = entry;
                        break;
                    }

                    if (twin is null && UnicodeNormalization.ToNfc(entry.Name).Equals(segments[i], StringComparison.OrdinalIgnoreCase))
                    {
                        twin = entry;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Located.Refused($"{path} could not be reached: {e.Message}");
            }

            if (exact is null)
            {
                if (twin is null)
                {
                    return Located.Missing;
                }

                var twinPath = string.Join('/', [.. segments[..i], twin.Name]);
                return Located.Refused(twin is DirectoryInfo && i < segments.Length - 1
                    ? PathCollisions.CaseTwinFolder(twinPath, walked, path)
                    : PathCollisions.CaseTwinFile(twinPath, path));
            }

            if (exact.LinkTarget is not null || exact.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                return Located.Refused($"{path} goes through the symbolic link {walked}; edits never follow links.");
            }

            var last = i == segments.Length - 1;
            switch (exact)
            {
                case FileInfo file when last:
                    return new Located(file, null);
                case FileInfo:
                    return Located.Refused(PathCollisions.FileUsedAsFolder(walked, path));
                case DirectoryInfo when last:
                    return Located.Refused(PathCollisions.FolderUsedAsFile(walked, path));
                case DirectoryInfo directory:
                    folder = directory;
                    break;
            }
        }

        return Located.Missing;
    }

    private sealed record Located(FileInfo? File, string? Refusal)
    {
        public static Located Missing { get; } = new(null, null);

        public static Located Refused(string reason) => new(null, reason);
    }
}
