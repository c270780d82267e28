using System.Text;
using DevBot.Llm;

namespace DevBot.Retrieval.Symbols;

/// <summary>
/// The repository outline: the signatures of the best-ranked symbols, grouped by file, as many as fit in a
/// token budget (found by binary search over how many symbols to show).
/// </summary>
internal static class RepoMap
{
    public static string Render(IReadOnlyList<(RankedSymbol Symbol, double Rank)> ranked, int maxTokens)
    {
        if (maxTokens <= 0 || ranked.Count == 0)
        {
            return string.Empty;
        }

        var best = string.Empty;
        int low = 1, high = ranked.Count;
        while (low <= high)
        {
            var count = low + (high - low) / 2;
            var text = RenderTop(ranked, count);
            if (TokenEstimate.Of(text) <= maxTokens)
            {
                best = text;
                low = count + 1;
            }
            else
            {
                high = count - 1;
            }
        }

        return best;
    }

    private static string RenderTop(IReadOnlyList<(RankedSymbol Symbol, double Rank)> ranked, int count)
    {
        var text = new StringBuilder();
        var files = ranked.Take(count)
            .GroupBy(r => r.Symbol.Path, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(r => r.Rank))
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var file in files)
        {
            text.Append(file.Key).Append(":\n");
            foreach (var (symbol, _) in file.OrderBy(r => r.Symbol.Definition.Line))
            {
                text.Append(' ', 2 + 2 * symbol.Definition.Depth).Append(symbol.Definition.Signature).Append('\n');
            }
        }

        return text.ToString();
    }
}
