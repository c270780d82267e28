using System.Diagnostics.CodeAnalysis;
using System.Text;
using DevBot.Shared;

namespace DevBot.Projects;

/// <summary>
/// Validates and normalises a path a model proposed for a generated file, so nothing is ever written outside the
/// project or under a name that is unsafe to unzip on Linux, macOS or Windows, or that hides what it is. Paths come
/// out in Unicode normal form C with '/' separators. Whether a path collides with another file of the same project
/// (case, file against folder) is <see cref="PathCollisions"/>'s question.
/// </summary>
public static class ProjectPath
{
    /// <summary>Longest path in UTF-8 bytes; this also keeps every name under the 255 bytes Linux and macOS allow.</summary>
    public const int MaxBytes = 240;

    public static bool TryNormalize(string? candidate, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        error = Normalize(candidate, out var path);
        if (error is not null)
        {
            return false;
        }

        normalized = path!;
        return true;
    }

    private static string? Normalize(string? candidate, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return "The path is empty.";
        }

        var path = candidate.Trim();
        if (path.Any(char.IsControl))
        {
            return $"The path '{FileNameCharacters.Printable(path)}' contains control characters.";
        }

        // NFC needs well-formed text; a lone surrogate is broken text, not a name.
        for (var i = 0; i < path.Length; i++)
        {
            if (char.IsHighSurrogate(path[i]) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(path[i]))
            {
                return $"The path '{FileNameCharacters.Printable(path)}' contains a broken surrogate pair (not valid Unicode text).";
            }
        }

        path = UnicodeNormalization.ToNfc(path);
        foreach (var rune in path.EnumerateRunes())
        {
            if (FileNameCharacters.Refusal(rune) is { } refusal)
            {
                return $"The path '{FileNameCharacters.Printable(path)}' contains {refusal}.";
            }
        }

        path = path.Replace('\\', '/');
        if (path.StartsWith('/') || path.StartsWith('~') || (path.Length >= 2 && path[1] == ':'))
        {
            return $"The path '{path}' is absolute; use a path relative to the project root.";
        }

        if (path.EndsWith('/'))
        {
            return $"The path '{path}' names a folder, not a file.";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (SegmentError(path, segment) is { } segmentError)
            {
                return segmentError;
            }

            segments.Add(segment);
        }

        if (segments.Count == 0)
        {
            return $"The path '{path}' names no file.";
        }

        var joined = string.Join('/', segments);
        if (!Utf8Text.FitsIn(joined, MaxBytes))
        {
            return $"The path '{Utf8Text.Truncate(joined, 40, preferLineBoundary: false)}…' is longer than {MaxBytes} bytes (UTF-8).";
        }

        normalized = joined;
        return null;
    }

    private static string? SegmentError(string path, string segment)
    {
        if (segment == "..")
        {
            return $"The path '{path}' leaves the project ('..' is not allowed).";
        }

        if (segment.Contains(':', StringComparison.Ordinal) || segment.IndexOfAny(['<', '>', '"', '|', '?', '*']) >= 0)
        {
            return $"The path '{path}' contains characters that are not allowed in file names.";
        }

        if (segment.EndsWith(' ') || segment.EndsWith('.'))
        {
            return $"The path '{path}' has a name ending in a space or dot.";
        }

        if (FileNameCharacters.IsCombining(Rune.GetRuneAt(segment, 0)))
        {
            return $"The path '{path}' has a name beginning with a combining mark, which would attach to the character before it.";
        }

        // "git~1" is the 8.3 short name Windows gives ".git" (CVE-2014-9390).
        if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase) || segment.Equals("git~1", StringComparison.OrdinalIgnoreCase))
        {
            return $"The path '{path}' writes into .git, which is not allowed.";
        }

        if (IsWindowsReservedName(segment))
        {
            return $"The path '{path}' uses '{segment}', a name Windows reserves; the ZIP could not be unpacked there.";
        }

        return null;
    }

    /// <summary>
    /// CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-9 and LPT0-9 (also with the superscript digits ¹²³), with or without
    /// an extension, and with spaces before the extension ("nul .txt"), which Windows ignores.
    /// </summary>
    private static bool IsWindowsReservedName(string segment)
    {
        var stem = segment.Split('.')[0].TrimEnd(' ').ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL" or "CONIN$" or "CONOUT$"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal))
                && stem[3] is (>= '0' and <= '9') or '¹' or '²' or '³');
    }
}
