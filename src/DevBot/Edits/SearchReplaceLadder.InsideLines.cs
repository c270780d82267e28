namespace DevBot.Edits;

/// <summary>The last rung: the SEARCH text once inside lines, never starting or ending inside a word or number.</summary>
internal static partial class SearchReplaceLadder
{
    /// <summary>The last rung: the SEARCH text once inside lines, starting and ending between tokens.</summary>
    private static BlockOutcome? InsideLines(string path, FileLines file, IReadOnlyList<string> search, IReadOnlyList<string> replace)
    {
        var text = string.Join('\n', file.Text);
        var needle = string.Join('\n', search);
        if (string.IsNullOrWhiteSpace(needle))
        {
            return null;
        }

        var starts = Occurrences(text, needle, LinesNamed + 1);
        if (starts.Count == 0)
        {
            return null;
        }

        if (starts.Count > 1)
        {
            return Ambiguous(path, "the SEARCH text", starts.Select(s => new LineHit(LineOf(text, s), 1, EditMatch.InsideLines)).ToList());
        }

        var replacement = string.Join('\n', replace);
        var offset = replacement.IndexOf(needle, StringComparison.Ordinal);
        if (offset >= 0 && starts[0] - offset >= 0 && string.CompareOrdinal(text, starts[0] - offset, replacement, 0, replacement.Length) == 0)
        {
            return new BlockOutcome.AlreadyThere(EditMatch.InsideLines);
        }

        var first = LineOf(text, starts[0]);
        var last = LineOf(text, starts[0] + needle.Length);
        var firstColumn = starts[0] - LineStart(text, starts[0]);
        var lastColumn = starts[0] + needle.Length - LineStart(text, starts[0] + needle.Length);
        var rewritten = file.Text[first][..firstColumn] + replacement + file.Text[last][lastColumn..];
        return new BlockOutcome.Changed(file.Replace(first, last - first + 1, rewritten.Split('\n')), EditMatch.InsideLines);
    }

    /// <summary>Where <paramref name="needle"/> occurs (at most <paramref name="limit"/> places), not starting or ending inside a word.</summary>
    private static List<int> Occurrences(string text, string needle, int limit)
    {
        var starts = new List<int>();
        if (needle.Length == 0)
        {
            return starts;
        }

        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0 && starts.Count < limit; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            if (!SplitsWord(text, at) && !SplitsWord(text, at + needle.Length))
            {
                starts.Add(at);
            }
        }

        return starts;
    }

    /// <summary>True when position <paramref name="at"/> falls between two characters of one word or number.</summary>
    private static bool SplitsWord(string text, int at) =>
        at > 0 && at < text.Length && IsWordChar(text[at - 1]) && IsWordChar(text[at]);

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static int LineOf(string text, int position) => text.AsSpan(0, position).Count('\n');

    private static int LineStart(string text, int position) => position == 0 ? 0 : text.LastIndexOf('\n', position - 1) + 1;
}
