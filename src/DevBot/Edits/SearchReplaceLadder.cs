using DevBot.Shared;

namespace DevBot.Edits;

/// <summary>
/// Applies one SEARCH/REPLACE block with a non-empty SEARCH to an existing file, trying in order: the SEARCH lines
/// exactly; at another uniform indentation or with other trailing whitespace (only where that loose match is the one
/// place the SEARCH fits); without a blank line the model added before or after them; split at its <c>...</c> lines
/// into pieces that each match once, in order; and last, as text inside lines that occurs once. A SEARCH that fits
/// several places is refused with their line numbers rather than guessed. When the SEARCH is gone but the REPLACE is
/// there (the block was applied before), the block is already applied; so is a block whose REPLACE, which contains
/// the SEARCH, is already there around it (applying it again would duplicate the added lines).
/// </summary>
internal static partial class SearchReplaceLadder
{
    private const int DidYouMeanMaxBytes = 4096;
    private const int LinesNamed = 5;

    public static BlockOutcome Apply(string path, FileLines file, IReadOnlyList<string> search, IReadOnlyList<string> replace)
    {
        var matcher = new LineMatcher(file.Text);
        var outcome = Rung(path, file, matcher, search, replace, relabel: null);
        if (outcome is null && HasBlankPadding(search))
        {
            var (trimmedSearch, trimmedReplace) = TrimBlankPadding(search, replace);
            outcome = Rung(path, file, matcher, trimmedSearch, trimmedReplace, EditMatch.BlankLines);
        }

        outcome ??= Elision(path, file, matcher, search, replace);
        if (matcher.OverBudget)
        {
            return new BlockOutcome.Refused(
                $"SEARCH/REPLACE for {path}: the SEARCH text is too long or repetitive to locate within the work limit; use fewer, more distinctive lines.");
        }

        if (outcome is not null and not BlockOutcome.Refused { SearchNotFound: true })
        {
            return outcome;
        }

        if (AlreadyApplied(file, matcher, replace) is { } applied)
        {
            return applied;
        }

        return outcome ?? InsideLines(path, file, search, replace) ?? NotFound(path, file, search, replace);
    }

    /// <summary>One rung: exact, then loose; null when the pattern is nowhere.</summary>
    private static BlockOutcome? Rung(string path, FileLines file, LineMatcher matcher, IReadOnlyList<string> search, IReadOnlyList<string> replace, EditMatch? relabel)
    {
        if (IsBlank(search))
        {
            return null;
        }

        var hits = Locate(matcher, search, replace);
        if (hits.Count == 0)
        {
            return null;
        }

        if (hits.Count > 1)
        {
            return Ambiguous(path, "the SEARCH text", hits);
        }

        var hit = relabel is { } match ? hits[0] with { Match = match } : hits[0];
        var rendered = LineMatcher.Render(replace, hit);
        return IsAlreadyAround(file, hit, search, rendered)
            ? new BlockOutcome.AlreadyThere(hit.Match)
            : new BlockOutcome.Changed(file.Replace(hit.Start, hit.Count, rendered), hit.Match);
    }

    private static List<LineHit> Locate(LineMatcher matcher, IReadOnlyList<string> pattern, IReadOnlyList<string> hint)
    {
        var hits = matcher.Exact(pattern);
        return hits.Count > 0 ? hits : matcher.Loose(pattern, hint);
    }

    /// <summary>
    /// The REPLACE holds the SEARCH (lines were added around it) and the file already holds the whole REPLACE at the
    /// SEARCH's place: the block was applied before.
    /// </summary>
    private static bool IsAlreadyAround(FileLines file, LineHit hit, IReadOnlyList<string> search, IReadOnlyList<string> rendered)
    {
        for (var offset = 0; offset + search.Count <= rendered.Count; offset++)
        {
            var start = hit.Start - offset;
            if (start < 0 || start + rendered.Count > file.Count || !SameLines(file.Text, start, rendered))
            {
                continue;
            }

            // The file has the rendered REPLACE here; the SEARCH's hit must be the copy of the SEARCH inside it.
            return true;
        }

        return false;
    }

    private static bool SameLines(IReadOnlyList<string> file, int start, IReadOnlyList<string> lines)
    {
        for (var j = 0; j < lines.Count; j++)
        {
            if (file[start + j].TrimEnd() != lines[j].TrimEnd())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The SEARCH is nowhere, but the REPLACE is in exactly one place (found by the same rungs).</summary>
    private static BlockOutcome? AlreadyApplied(FileLines file, LineMatcher matcher, IReadOnlyList<string> replace)
    {
        var pieces = SplitAtEllipsis(replace);
        if (pieces.Count > 1)
        {
            return PiecesInOrder(matcher, pieces) ? new BlockOutcome.AlreadyThere(EditMatch.Elision) : null;
        }

        if (IsBlank(replace))
        {
            return null; // A deletion: a SEARCH already removed and one that never matched look the same.
        }

        var (trimmed, _) = TrimBlankPadding(replace, []);
        var hits = Locate(matcher, trimmed, trimmed);
        if (hits.Count == 1)
        {
            return new BlockOutcome.AlreadyThere(trimmed.Count == replace.Count ? hits[0].Match : EditMatch.BlankLines);
        }

        var text = string.Join('\n', file.Text);
        var needle = string.Join('\n', trimmed);
        return Occurrences(text, needle, 2).Count == 1 ? new BlockOutcome.AlreadyThere(EditMatch.InsideLines) : null;
    }

    private static BlockOutcome NotFound(string path, FileLines file, IReadOnlyList<string> search, IReadOnlyList<string> replace)
    {
        var (trimmed, _) = TrimBlankPadding(search, []);
        var window = ClosestLines.Find(file.Text, trimmed);
        var deletion = IsBlank(replace) ? " If you already removed these lines, leave this block out." : string.Empty;
        return new BlockOutcome.Refused(
            $"SEARCH/REPLACE for {path}: the SEARCH text was not found in the file{Closest(window)}. Copy the SEARCH lines exactly from the current file.{deletion}",
            DidYouMean(file, window), SearchNotFound: true);
    }

    private static BlockOutcome.Refused Ambiguous(string path, string what, IReadOnlyList<LineHit> hits)
    {
        var lines = hits.Take(LinesNamed).Select(h => (h.Start + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var named = hits.Count > LinesNamed
            ? $"{string.Join(", ", lines)} and more"
            : $"{string.Join(", ", lines[..^1])} and {lines[^1]}";
        var count = hits.Count > LinesNamed ? "more than " + LinesNamed : hits.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new BlockOutcome.Refused(
            $"SEARCH/REPLACE for {path}: {what} matches {count} places (lines {named}); include more of the surrounding lines so it matches one.");
    }

    private static string Closest(ClosestLines.Window? window) => window is null
        ? " and no part of the file is close to it"
        : window.Count == 1 ? $" (closest: line {window.Start + 1})" : $" (closest: lines {window.Start + 1}-{window.Start + window.Count})";

    private static string? DidYouMean(FileLines file, ClosestLines.Window? window) => window is null
        ? null
        : Utf8Text.Truncate(string.Join('\n', file.Text.Skip(window.Start).Take(window.Count)), DidYouMeanMaxBytes, preferLineBoundary: true);

    private static bool HasBlankPadding(IReadOnlyList<string> lines) =>
        lines.Count > 0 && (string.IsNullOrWhiteSpace(lines[0]) || string.IsNullOrWhiteSpace(lines[^1]));

    /// <summary>Drops blank lines at both ends of the SEARCH, and as many at the same ends of the REPLACE (they were the same padding).</summary>
    private static (IReadOnlyList<string> Search, IReadOnlyList<string> Replace) TrimBlankPadding(IReadOnlyList<string> search, IReadOnlyList<string> replace)
    {
        var leading = search.TakeWhile(string.IsNullOrWhiteSpace).Count();
        if (leading == search.Count)
        {
            return ([], replace);
        }

        var trailing = search.Reverse().TakeWhile(string.IsNullOrWhiteSpace).Count();
        var replaceLeading = Math.Min(leading, replace.TakeWhile(string.IsNullOrWhiteSpace).Count());
        var replaceTrailing = Math.Min(trailing, replace.Skip(replaceLeading).Reverse().TakeWhile(string.IsNullOrWhiteSpace).Count());
        return (search.Skip(leading).Take(search.Count - leading - trailing).ToList(),
            replace.Skip(replaceLeading).Take(replace.Count - replaceLeading - replaceTrailing).ToList());
    }

    private static bool IsBlank(IReadOnlyList<string> lines) => lines.All(string.IsNullOrWhiteSpace);
}
