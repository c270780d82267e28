using System.Diagnostics.CodeAnalysis;

namespace DevBot.Projects;

/// <summary>
/// Validates and normalises a path a model proposed for a generated file, so nothing is ever written
/// outside the project or under a name that is unsafe to unzip.
/// </summary>
public static class ProjectPath
{
    public const int MaxLength = 240;

    public static bool TryNormalize(string? candidate, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(candidate))
        {
            error = "The path is empty.";
            return false;
        }

        var path = candidate.Trim();
        if (path.Any(char.IsControl))
        {
            error = $"The path '{Printable(path)}' contains control characters.";
            return false;
        }

        path = path.Replace('\\', '/');
        if (path.StartsWith('/') || path.StartsWith('~') || (path.Length >= 2 && path[1] == ':'))
        {
            error = $"The path '{path}' is absolute; use a path relative to the project root.";
            return false;
        }

        if (path.EndsWith('/'))
        {
            error = $"The path '{path}' names a folder, not a file.";
            return false;
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                error = $"The path '{path}' leaves the project ('..' is not allowed).";
                return false;
            }

            if (segment.Contains(':', StringComparison.Ordinal) || segment.IndexOfAny(['<', '>', '"', '|', '?', '*']) >= 0)
            {
                error = $"The path '{path}' contains characters that are not allowed in file names.";
                return false;
            }

            if (segment.EndsWith(' ') || segment.EndsWith('.'))
            {
                error = $"The path '{path}' has a name ending in a space or dot.";
                return false;
            }

            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                error = $"The path '{path}' writes into .git, which is not allowed.";
                return false;
            }

            if (IsWindowsReservedName(segment))
            {
                error = $"The path '{path}' uses '{segment}', a name Windows reserves; the ZIP could not be unpacked there.";
                return false;
            }

            segments.Add(segment);
        }

        if (segments.Count == 0)
        {
            error = $"The path '{path}' names no file.";
            return false;
        }

        normalized = string.Join('/', segments);
        if (normalized.Length > MaxLength)
        {
            error = $"The path '{normalized[..40]}…' is longer than {MaxLength} characters.";
            normalized = null;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>CON, PRN, AUX, NUL, COM1-9 and LPT1-9, with or without an extension.</summary>
    private static bool IsWindowsReservedName(string segment)
    {
        var stem = segment.Split('.')[0].ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && stem[3] is >= '1' and <= '9');
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
