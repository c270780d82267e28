namespace DevBot.Edits;

/// <summary>Where a run of pattern lines was found, how, and how to re-indent the replacement to fit there.</summary>
internal sealed record LineHit(int Start, int Count, EditMatch Match, Reindent? Reindent = null);

/// <summary>The file's indentation is the pattern's plus <paramref name="Delta"/> columns (tabs counted <paramref name="TabWidth"/> wide).</summary>
internal sealed record Reindent(int Delta, int TabWidth, bool UseTabs);

/// <summary>
/// Finds a run of pattern lines in a file: exactly, or loosely — every line's text equal after its indentation and
/// trailing whitespace, blank lines matching blank lines, and the indentation differing by one uniform offset (the
/// model dropped or added leading indentation, or wrote spaces where the file has tabs). Counts its work and stops
/// at a budget, so a long, repetitive SEARCH against a large file cannot stall a build.
/// </summary>
internal sealed class LineMatcher
{
    /// <summary>
    /// Line comparisons one block may spend. A real SEARCH mismatches within a line or two at most places, so even a
    /// 300-line SEARCH in a 10,000-line file stays far below this; only a long run of repeated lines gets near it.
    /// </summary>
    public const long DefaultBudget = 5_000_000;

    private static readonly int[] TabWidths = [4, 8, 2];

    private readonly string[] _file;
    private readonly IndentedLine[] _lines;
    private readonly bool _fileMostlyTabs;
    private long _budget;

    public LineMatcher(IReadOnlyList<string> fileLines, long budget = DefaultBudget)
    {
        _file = fileLines as string[] ?? [.. fileLines];
        _lines = fileLines.Select(IndentedLine.Of).ToArray();
        _fileMostlyTabs = fileLines.Count(l => l.StartsWith('\t')) > fileLines.Count(l => l.StartsWith(' '));
        _budget = budget;
    }

    /// <summary>True once a search gave up because it would have cost more than the budget.</summary>
    public bool OverBudget => _budget < 0;

    /// <summary>Every place the pattern's lines occur exactly.</summary>
    public List<LineHit> Exact(IReadOnlyList<string> pattern)
    {
        var hits = new List<LineHit>();
        for (var start = 0; start + pattern.Count <= _file.Length && !OverBudget; start++)
        {
            var j = 0;
            while (j < pattern.Count && _file[start + j] == pattern[j])
            {
                j++;
            }

            _budget -= j + 1;
            if (j == pattern.Count)
            {
                hits.Add(new LineHit(start, pattern.Count, EditMatch.Exact));
            }
        }

        return hits;
    }

    /// <summary>
    /// Every place the pattern's lines occur loosely with one uniform indentation offset. <paramref name="hint"/>
    /// (the REPLACE lines) helps guess how many columns the model's spaces give one tab.
    /// </summary>
    public List<LineHit> Loose(IReadOnlyList<string> pattern, IReadOnlyList<string> hint)
    {
        var wanted = pattern.Select(IndentedLine.Of).ToArray();
        var tabWidths = TabWidthsToTry(pattern.Concat(hint));
        var hits = new List<LineHit>();
        for (var start = 0; start + wanted.Length <= _lines.Length && !OverBudget; start++)
        {
            var j = 0;
            while (j < wanted.Length && _lines[start + j].SameTextAs(wanted[j]))
            {
                j++;
            }

            _budget -= j + 1;
            if (j == wanted.Length && Classify(start, wanted, tabWidths) is { } hit)
            {
                hits.Add(hit);
            }
        }

        return hits;
    }

    /// <summary>The replacement lines as they go into the file at <paramref name="hit"/>.</summary>
    public static IReadOnlyList<string> Render(IReadOnlyList<string> replace, LineHit hit)
    {
        if (hit.Reindent is not { } reindent)
        {
            return replace;
        }

        return replace.Select(line =>
        {
            var indented = IndentedLine.Of(line);
            if (indented.Blank)
            {
                return string.Empty;
            }

            var width = Math.Max(0, Width(indented.Indent, reindent.TabWidth) + reindent.Delta);
            var indent = reindent.UseTabs
                ? new string('\t', width / reindent.TabWidth) + new string(' ', width % reindent.TabWidth)
                : new string(' ', width);
            return indent + indented.Rest;
        }).ToList();
    }

    private LineHit? Classify(int start, IndentedLine[] wanted, int[] tabWidths)
    {
        var indentDiffers = false;
        for (var j = 0; j < wanted.Length; j++)
        {
            indentDiffers |= !wanted[j].Blank && _lines[start + j].Indent != wanted[j].Indent;
        }

        if (!indentDiffers)
        {
            return new LineHit(start, wanted.Length, EditMatch.TrailingWhitespace);
        }

        foreach (var tabWidth in tabWidths)
        {
            int? delta = null;
            var uniform = true;
            for (var j = 0; j < wanted.Length && uniform; j++)
            {
                if (wanted[j].Blank)
                {
                    continue;
                }

                var offset = Width(_lines[start + j].Indent, tabWidth) - Width(wanted[j].Indent, tabWidth);
                uniform = delta is null || delta == offset;
                delta ??= offset;
            }

            if (uniform && delta is { } uniformDelta)
            {
                return new LineHit(start, wanted.Length, EditMatch.Indentation, new Reindent(uniformDelta, tabWidth, UsesTabs(start, wanted.Length)));
            }
        }

        return null;
    }

    /// <summary>The indentation style of the matched stretch, or of the whole file when the stretch is not indented.</summary>
    private bool UsesTabs(int start, int count)
    {
        var window = _lines.Skip(start).Take(count).Where(l => !l.Blank && l.Indent.Length > 0).ToList();
        return window.Count == 0 ? _fileMostlyTabs : window.Any(l => l.Indent.Contains('\t', StringComparison.Ordinal));
    }

    /// <summary>The model's indentation unit (the common divisor of its space indents) first, then the usual tab widths.</summary>
    private static int[] TabWidthsToTry(IEnumerable<string> modelLines)
    {
        var unit = 0;
        foreach (var line in modelLines)
        {
            var indent = IndentedLine.Of(line).Indent;
            if (indent.Length > 0 && !indent.Contains('\t', StringComparison.Ordinal))
            {
                unit = Gcd(unit, indent.Length);
            }
        }

        return unit is >= 2 and <= 8 ? [unit, .. TabWidths.Where(w => w != unit)] : TabWidths;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private static int Width(string indent, int tabWidth)
    {
        var column = 0;
        foreach (var c in indent)
        {
            column += c == '\t' ? tabWidth - (column % tabWidth) : 1;
        }

        return column;
    }

    /// <summary>A line split into its leading whitespace and the rest, with the rest's trailing whitespace dropped for comparing.</summary>
    private readonly record struct IndentedLine(string Indent, string Rest, string Text, bool Blank)
    {
        public static IndentedLine Of(string line)
        {
            var indentLength = 0;
            while (indentLength < line.Length && line[indentLength] is ' ' or '\t')
            {
                indentLength++;
            }

            var rest = line[indentLength..];
            var text = rest.TrimEnd();
            return new IndentedLine(line[..indentLength], rest, text, text.Length == 0);
        }

        public bool SameTextAs(IndentedLine other) => Blank ? other.Blank : !other.Blank && Text == other.Text;
    }
}
