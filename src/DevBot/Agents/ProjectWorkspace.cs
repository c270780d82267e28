using System.Security.Cryptography;
using System.Text;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>
/// The project's files as of the last approved task, plus the changes staged by the task in progress.
/// Rebuilt from stored answers on resume, so applying edits must be deterministic.
/// </summary>
public sealed class ProjectWorkspace
{
    private readonly Dictionary<string, string> _committed;
    private readonly Dictionary<string, string> _files;

    public ProjectWorkspace(IEnumerable<KeyValuePair<string, string>> committedFiles, ProjectLimits limits)
    {
        _committed = new Dictionary<string, string>(committedFiles, StringComparer.Ordinal);
        _files = new Dictionary<string, string>(_committed, StringComparer.Ordinal);
        Limits = limits;
    }

    public ProjectLimits Limits { get; }

    public IReadOnlyDictionary<string, string> Files => _files;

    public IReadOnlyDictionary<string, string> CommittedFiles => _committed;

    /// <summary>Paths whose content differs from the committed state.</summary>
    public IReadOnlyList<string> ChangedPaths =>
        _files.Where(f => !_committed.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Applies edits in order; returns one sentence per edit that could not be applied.</summary>
    public IReadOnlyList<string> Apply(IReadOnlyList<FileEdit> edits)
    {
        var problems = new List<string>();
        foreach (var edit in edits)
        {
            var problem = edit switch
            {
                FileEdit.WholeFile whole => Write(whole.Path, whole.Content),
                FileEdit.SearchReplace searchReplace => ApplySearchReplace(searchReplace),
                _ => $"Unknown edit for {edit.Path}.",
            };
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>A fingerprint of the staged changes, to spot a model producing the same edit again and again.</summary>
    public string ChangeFingerprint()
    {
        var builder = new StringBuilder();
        foreach (var path in ChangedPaths)
        {
            builder.Append(path).Append('\0').Append(_files[path]).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private string? Write(string path, string content)
    {
        if (Encoding.UTF8.GetByteCount(content) > Limits.MaxFileBytes)
        {
            return $"{path} is larger than the {Limits.MaxFileBytes / 1024} KB limit for one file; split it.";
        }

        if (!_files.ContainsKey(path) && _files.Count >= Limits.MaxFiles)
        {
            return $"The project already has {Limits.MaxFiles} files, the limit; {path} was not created.";
        }

        if (content.Contains('\0', StringComparison.Ordinal))
        {
            return $"{path} contains NUL characters; only text files can be written.";
        }

        _files[path] = content;
        return null;
    }

    private string? ApplySearchReplace(FileEdit.SearchReplace edit)
    {
        if (!_files.TryGetValue(edit.Path, out var current))
        {
            return edit.Search.Trim().Length == 0
                ? Write(edit.Path, edit.Replace.EndsWith('\n') ? edit.Replace : edit.Replace + "\n")
                : $"SEARCH/REPLACE for {edit.Path}: the file does not exist; send its whole content instead.";
        }

        if (edit.Search.Trim().Length == 0)
        {
            return Write(edit.Path, current + edit.Replace + (edit.Replace.EndsWith('\n') ? string.Empty : "\n"));
        }

        var index = current.IndexOf(edit.Search, StringComparison.Ordinal);
        if (index >= 0)
        {
            return Write(edit.Path, string.Concat(current.AsSpan(0, index), edit.Replace, current.AsSpan(index + edit.Search.Length)));
        }

        // Models often get trailing whitespace or indentation of blank lines wrong: match line by line, ignoring it.
        var replaced = ReplaceIgnoringTrailingWhitespace(current, edit.Search, edit.Replace);
        return replaced is null
            ? $"SEARCH/REPLACE for {edit.Path}: the SEARCH text was not found in the file; copy it exactly from the current file."
            : Write(edit.Path, replaced);
    }

    private static string? ReplaceIgnoringTrailingWhitespace(string content, string search, string replace)
    {
        var lines = content.Split('\n');
        var wanted = search.Split('\n').Select(l => l.TrimEnd()).ToArray();
        var replacement = replace.Split('\n');
        while (wanted.Length > 0 && wanted[^1].Length == 0)
        {
            wanted = wanted[..^1];

            // The search's final newline matched the line break after the last line; so does the replacement's.
            if (replacement.Length > 1 && replacement[^1].Length == 0)
            {
                replacement = replacement[..^1];
            }
        }

        for (var start = 0; start + wanted.Length <= lines.Length; start++)
        {
            var match = true;
            for (var k = 0; k < wanted.Length && match; k++)
            {
                match = lines[start + k].TrimEnd() == wanted[k];
            }

            if (match)
            {
                var before = lines[..start];
                var after = lines[(start + wanted.Length)..];
                return string.Join('\n', before.Concat(replacement).Concat(after));
            }
        }

        return null;
    }
}
