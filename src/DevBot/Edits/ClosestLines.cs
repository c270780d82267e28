namespace DevBot.Edits;

/// <summary>
/// The "did you mean" of a SEARCH that did not match: the stretch of the file, as long as the SEARCH, most similar
/// to it. Lines are compared by the overlap of their character pairs (Dice coefficient, ignoring indentation); a
/// window is scored on up to <see cref="SampledLines"/> of the SEARCH's lines and each line on its first
/// <see cref="ComparedChars"/> characters, so the work is bounded by the file's line count whatever the SEARCH.
/// </summary>
internal static class ClosestLines
{
    public const int SampledLines = 16;
    public const int ComparedChars = 200;

    /// <summary>Below this average similarity the closest lines are not shown: they would mislead more than help.</summary>
    public const double MinimumSimilarity = 0.5;

    public sealed record Window(int Start, int Count, double Similarity);

    public static Window? Find(IReadOnlyList<string> file, IReadOnlyList<string> pattern)
    {
        var sampled = Sample(pattern);
        if (file.Count == 0 || sampled.Count == 0)
        {
            return null;
        }

        var wanted = sampled.Select(j => Bigrams(pattern[j])).ToArray();
        var fileBigrams = new int[]?[file.Count];
        var windows = Math.Max(1, file.Count - pattern.Count + 1);
        Window? best = null;
        for (var start = 0; start < windows; start++)
        {
            var total = 0.0;
            for (var k = 0; k < sampled.Count; k++)
            {
                var line = start + sampled[k];
                if (line < file.Count)
                {
                    total += Dice(fileBigrams[line] ??= Bigrams(file[line]), wanted[k]);
                }
            }

            var similarity = total / sampled.Count;
            if (best is null || similarity > best.Similarity)
            {
                best = new Window(start, Math.Min(pattern.Count, file.Count - start), similarity);
            }
        }

        return best is { Similarity: >= MinimumSimilarity } ? best : null;
    }

    /// <summary>Up to <see cref="SampledLines"/> indexes of non-blank pattern lines, spread evenly over it.</summary>
    private static List<int> Sample(IReadOnlyList<string> pattern)
    {
        var nonBlank = Enumerable.Range(0, pattern.Count).Where(j => !string.IsNullOrWhiteSpace(pattern[j])).ToList();
        if (nonBlank.Count <= SampledLines)
        {
            return nonBlank;
        }

        return Enumerable.Range(0, SampledLines).Select(k => nonBlank[k * (nonBlank.Count - 1) / (SampledLines - 1)]).Distinct().ToList();
    }

    /// <summary>The sorted character pairs of the trimmed line (a one-character line is its own pair).</summary>
    private static int[] Bigrams(string line)
    {
        var text = line.AsSpan().Trim();
        if (text.Length > ComparedChars)
        {
            text = text[..ComparedChars];
        }

        if (text.Length == 1)
        {
            return [text[0]];
        }

        var pairs = new int[Math.Max(0, text.Length - 1)];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = (text[i] << 16) | text[i + 1];
        }

        Array.Sort(pairs);
        return pairs;
    }

    private static double Dice(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return 2.0 * common / (a.Length + b.Length);
    }
}
