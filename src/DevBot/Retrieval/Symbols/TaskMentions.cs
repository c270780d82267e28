using System.Text.RegularExpressions;

namespace DevBot.Retrieval.Symbols;

/// <summary>
/// The files and defined symbols a task's text names: a path or file name ("models.py", "the models module"),
/// an identifier as written ("UserService") or as words ("the user service" → <c>UserService</c>, <c>user_service</c>).
/// </summary>
internal sealed partial record TaskMentions(IReadOnlySet<string> Files, IReadOnlySet<string> Identifiers)
{
    public static TaskMentions None { get; } = new(new HashSet<string>(), new HashSet<string>());

    public static TaskMentions Find(string task, SymbolGraph graph)
    {
        var words = Word().Matches(task).Select(m => m.Value).ToList();
        var lowered = words.Select(w => w.ToLowerInvariant()).ToList();
        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Length >= 3 && graph.NamesByKey.TryGetValue(lowered[i], out var sameWord) && sameWord.Contains(words[i], StringComparer.Ordinal))
            {
                identifiers.Add(words[i]); // Written exactly as defined.
            }

            if (words[i].Length >= 4)
            {
                AddNames(graph, lowered[i], identifiers);
                AddNames(graph, SymbolGraph.Squash(words[i]), identifiers);
            }

            // "user service" → userservice; "create user account" → createuseraccount.
            var joined = lowered[i];
            for (var length = 2; length <= 3 && i + length <= words.Count; length++)
            {
                joined += lowered[i + length - 1];
                AddNames(graph, joined.Replace("_", string.Empty, StringComparison.Ordinal), identifiers);
            }
        }

        var wordSet = lowered.ToHashSet(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in graph.Files)
        {
            var fileName = Path.GetFileName(path);
            var stem = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
            if (task.Contains(path, StringComparison.OrdinalIgnoreCase)
                || (fileName.Contains('.', StringComparison.Ordinal) && task.Contains(fileName, StringComparison.OrdinalIgnoreCase))
                || (stem.Length >= 4 && wordSet.Contains(stem)))
            {
                files.Add(path);
            }
        }

        return new TaskMentions(files, identifiers);
    }

    private static void AddNames(SymbolGraph graph, string key, HashSet<string> into)
    {
        if (graph.NamesByKey.TryGetValue(key, out var names))
        {
            into.UnionWith(names);
        }
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();
}
