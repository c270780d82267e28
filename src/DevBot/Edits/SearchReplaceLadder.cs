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
internal static class SearchReplaceLadder
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

    private static bool PiecesInOrder(LineMatcher matcher, List<IReadOnlyList<string>> pieces)
    {
        var next = 0;
        foreach (var piece in pieces)
        {
            var (trimmed, _) = TrimBlankPadding(piece, []);
            if (IsBlank(trimmed))
            {
                continue;
            }

            var hits = Locate(matcher, trimmed, trimmed);
            if (hits.Count != 1 || hits[0].Start < next)
            {
                return false;
            }

            next = hits[0].Start + hits[0].Count;
        }

        return true;
    }

    /// <summary>A SEARCH with <c>...</c> lines: each piece between them must match once, in order; REPLACE has the same <c>...</c> lines.</summary>
    private static BlockOutcome? Elision(string path, FileLines file, LineMatcher matcher, IReadOnlyList<string> search, IReadOnlyList<string> replace)
    {
        var searchPieces = SplitAtEllipsis(search);
        if (searchPieces.Count == 1)
        {
            return null;
        }

        var replacePieces = SplitAtEllipsis(replace);
        if (replacePieces.Count != searchPieces.Count)
        {
            return new BlockOutcome.Refused(
                $"SEARCH/REPLACE for {path}: SEARCH has {searchPieces.Count - 1} '...' line(s) but REPLACE has {replacePieces.Count - 1}; each '...' of SEARCH needs one at the same place in REPLACE.");
        }

        var placed = new List<(LineHit Hit, IReadOnlyList<string> Lines)>();
        for (var k = 0; k < searchPieces.Count; k++)
        {
            var where = PieceName(k, searchPieces.Count);
            var (pieceSearch, pieceReplace) = TrimBlankPadding(searchPieces[k], replacePieces[k]);
            if (IsBlank(pieceSearch))
            {
                if (!IsBlank(pieceReplace))
                {
                    return new BlockOutcome.Refused(
                        $"SEARCH/REPLACE for {path}: SEARCH has nothing {where}, so the REPLACE text there has no place; add a SEARCH line to anchor it.");
                }

                continue;
            }

            var hits = Locate(matcher, pieceSearch, pieceReplace);
            if (hits.Count == 0)
            {
                var window = ClosestLines.Find(file.Text, pieceSearch);
                return new BlockOutcome.Refused(
                    $"SEARCH/REPLACE for {path}: the part of SEARCH {where} was not found in the file{Closest(window)}. Copy the SEARCH lines exactly from the current file.",
                    DidYouMean(file, window), SearchNotFound: true);
            }

            if (hits.Count > 1)
            {
                return Ambiguous(path, $"the part of SEARCH {where}", hits);
            }

            if (placed.Count > 0 && hits[0].Start < placed[^1].Hit.Start + placed[^1].Hit.Count)
            {
                return new BlockOutcome.Refused(
                    $"SEARCH/REPLACE for {path}: the parts of SEARCH around '...' are out of order in the file (line {placed[^1].Hit.Start + 1}, then line {hits[0].Start + 1}); list them in file order.");
            }

            placed.Add((hits[0], LineMatcher.Render(pieceReplace, hits[0])));
        }

        var result = file;
        for (var k = placed.Count - 1; k >= 0; k--)
        {
            result = result.Replace(placed[k].Hit.Start, placed[k].Hit.Count, placed[k].Lines);
        }

        return new BlockOutcome.Changed(result, EditMatch.Elision);
    }

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

    private static string PieceName(int index, int count) =>
        index == 0 ? "before the first '...'" : index == count - 1 ? "after the last '...'" : $"between '...' number {index} and {index + 1}";

    private static List<IReadOnlyList<string>> SplitAtEllipsis(IReadOnlyList<string> lines)
    {
        var pieces = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.Trim() == "...")
            {
                pieces.Add(current);
                current = [];
            }
            else
            {
                current.Add(line);
            }
        }

        pieces.Add(current);
        return pieces;
    }

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
