namespace DevBot.Edits;

/// <summary>The elision rung: a SEARCH with <c>...</c> lines is pieces that each match once, in order.</summary>
internal static partial class SearchReplaceLadder
{
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
}
