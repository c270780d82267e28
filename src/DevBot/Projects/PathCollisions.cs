namespace DevBot.Projects;

/// <summary>
/// Whether a new file path would collide with the files a project already has once unpacked on a case-insensitive
/// file system (Windows, macOS): the same name in other letter case, a folder spelled in other case, or one name
/// used both as a file and as a folder. Paths are compared ordinal-ignore-case after <see cref="ProjectPath"/>'s
/// normalisation to NFC. The sentences name the rule, for the model to correct itself.
/// </summary>
public static class PathCollisions
{
    /// <summary>The sentence saying why <paramref name="path"/> cannot join <paramref name="existingFiles"/>, or null.</summary>
    public static string? Find(IEnumerable<string> existingFiles, string path)
    {
        var segments = path.Split('/');
        foreach (var existing in existingFiles)
        {
            if (existing != path && Collision(existing, existing.Split('/'), path, segments) is { } collision)
            {
                return collision;
            }
        }

        return null;
    }

    public static string CaseTwinFile(string existing, string path) =>
        $"{existing} exists; {path} differs only in case (file names must differ by more than letter case, or they become one file on Windows and macOS).";

    public static string CaseTwinFolder(string existingFolder, string spelledFolder, string path) =>
        $"The folder {existingFolder}/ exists; {path} spells it {spelledFolder}/, which differs only in case (names must differ by more than letter case, or they become one folder on Windows and macOS).";

    public static string FileUsedAsFolder(string file, string path) =>
        $"{file} is a file, so {path} cannot use it as a folder (a name cannot be both a file and a folder).";

    public static string FolderUsedAsFile(string folder, string path) =>
        $"{folder}/ is a folder, so {path} cannot be a file (a name cannot be both a file and a folder).";

    private static string? Collision(string existing, string[] existingSegments, string path, string[] segments)
    {
        var common = Math.Min(existingSegments.Length, segments.Length);
        for (var i = 0; i < common; i++)
        {
            if (!existingSegments[i].Equals(segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var existingEndsHere = i == existingSegments.Length - 1;
            var pathEndsHere = i == segments.Length - 1;
            var existingPrefix = string.Join('/', existingSegments[..(i + 1)]);
            if (existingEndsHere && pathEndsHere)
            {
                return CaseTwinFile(existing, path);
            }

            if (existingEndsHere)
            {
                return FileUsedAsFolder(existing, path);
            }

            if (pathEndsHere)
            {
                return FolderUsedAsFile(existingPrefix, path);
            }

            if (existingSegments[i] != segments[i])
            {
                return CaseTwinFolder(existingPrefix, string.Join('/', segments[..(i + 1)]), path);
            }
        }

        return null;
    }
}
