using System.Text.RegularExpressions;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Edits;

/// <summary>
/// Reads the implementer's answer: each file is a line naming its relative path followed by a fenced block
/// with the whole content, or with Aider-style SEARCH/REPLACE blocks. The path may also be given in the
/// fence's info string (<c>```python path/to/file.py</c>). Unsafe paths are reported, never used.
/// </summary>
public static partial class FileEditParser
{
    private const string SearchMarker = "<<<<<<< SEARCH";
    private const string DividerMarker = "=======";
    private const string ReplaceMarker = ">>>>>>> REPLACE";

    public static ParsedEdits Parse(string answer)
    {
        var lines = MarkdownFences.SplitLines(answer);
        var edits = new List<FileEdit>();
        var problems = new List<FailedEdit>();
        foreach (var block in MarkdownFences.Blocks(answer))
        {
            var rawPath = PathFromInfo(block.Info) ?? PathBefore(lines, block.StartLine);
            var hasSearchReplace = block.Body.Contains(SearchMarker, StringComparison.Ordinal);
            if (rawPath is null)
            {
                if (hasSearchReplace)
                {
                    problems.Add(new FailedEdit(null, "A SEARCH/REPLACE block had no file path on the line before its fence."));
                }

                continue; // An illustrative snippet, not a file.
            }

            if (!ProjectPath.TryNormalize(rawPath, out var path, out var pathError))
            {
                problems.Add(new FailedEdit(null, pathError));
                continue;
            }

            if (hasSearchReplace)
            {
                ParseSearchReplace(path, block.Body, edits, problems);
            }
            else
            {
                edits.Add(new FileEdit.WholeFile(path, EnsureTrailingNewline(block.Body)));
            }
        }

        return new ParsedEdits(edits, problems);
    }

    private static void ParseSearchReplace(string path, string body, List<FileEdit> edits, List<FailedEdit> problems)
    {
        var lines = MarkdownFences.SplitLines(body);
        var i = 0;
        while (i < lines.Length)
        {
            if (lines[i].Trim() != SearchMarker)
            {
                i++;
                continue;
            }

            var divider = Array.FindIndex(lines, i + 1, l => l.Trim() == DividerMarker);
            var end = divider < 0 ? -1 : Array.FindIndex(lines, divider + 1, l => l.Trim() == ReplaceMarker);
            if (divider < 0 || end < 0)
            {
                problems.Add(new FailedEdit(path, $"A SEARCH/REPLACE block for {path} is not closed with '=======' and '>>>>>>> REPLACE'."));
                return;
            }

            var search = string.Join('\n', lines[(i + 1)..divider]);
            var replace = string.Join('\n', lines[(divider + 1)..end]);
            edits.Add(new FileEdit.SearchReplace(path, search, replace));
            i = end + 1;
        }
    }

    private static string? PathFromInfo(string info)
    {
        // "```python src/app.py", "```src/app.py", "```python:src/app.py", "```python title=src/app.py"
        foreach (var token in info.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = token;
            var colon = candidate.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < candidate.Length - 1 && !candidate.Contains("://", StringComparison.Ordinal))
            {
                candidate = candidate[(colon + 1)..];
            }

            if (candidate.StartsWith("title=", StringComparison.OrdinalIgnoreCase))
            {
                candidate = candidate[6..].Trim('"', '\'');
            }

            if (LooksLikePath(candidate) && candidate.IndexOfAny(['.', '/', '\\']) >= 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? PathBefore(string[] lines, int fenceLine)
    {
        for (var i = fenceLine - 1; i >= 0 && i >= fenceLine - 2; i--)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var candidate = CleanPathLine(line);
            return candidate is not null && LooksLikePath(candidate) ? candidate : null;
        }

        return null;
    }

    /// <summary>Strips the decoration models put around a path: headings, bold, backticks, "File:", a trailing colon.</summary>
    private static string? CleanPathLine(string line)
    {
        var text = ListNumber().Replace(line.TrimStart('#', '>', '-', '*', ' ').Trim(), string.Empty);

        // A note after the path ("**app.py** (new file)") goes first, so the decoration before it can be trimmed.
        var parenthesis = text.IndexOf(" (", StringComparison.Ordinal);
        if (parenthesis > 0)
        {
            text = text[..parenthesis];
        }

        text = PathPrefix().Replace(text, string.Empty);
        text = text.Trim().Trim('*', '`', '"', '\'', ' ').TrimEnd(':').Trim('*', '`', '"', '\'', ' ');
        return text.Length == 0 ? null : text;
    }

    // A cheap first look in characters (never more than the UTF-8 bytes): a longer line is prose, not a path.
    private static bool LooksLikePath(string candidate) =>
        candidate.Length is > 0 and <= ProjectPath.MaxBytes
        && !candidate.Any(char.IsWhiteSpace)
        && (candidate.IndexOfAny(['.', '/', '\\']) >= 0 || KnownBareNames.Contains(candidate));

    private static readonly HashSet<string> KnownBareNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Makefile", "Dockerfile", "Procfile", "LICENSE", "Gemfile", "Rakefile", "Jenkinsfile", "Vagrantfile",
    };

    private static string EnsureTrailingNewline(string content) => content.EndsWith('\n') ? content : content + "\n";

    [GeneratedRegex(@"^\d+[.)]\s+")]
    private static partial Regex ListNumber();

    [GeneratedRegex(@"^(file(name)?|path)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex PathPrefix();
}
