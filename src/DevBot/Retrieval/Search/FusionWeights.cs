using System.Text.RegularExpressions;
using DevBot.Retrieval.Symbols;

namespace DevBot.Retrieval.Search;

/// <summary>
/// How much each ranking counts in the reciprocal-rank fusion (the lexical list counts 1). Chosen on the tuning
/// questions of docs/benchmarks.md (hand-written, "defined", "used"), then checked on held-out questions.
/// </summary>
/// <param name="Symbol">The symbol graph's list, used only when the query names a file or symbol.</param>
/// <param name="Vector">The embedding list for a question in words.</param>
/// <param name="VectorForCodeNames">The embedding list when the query writes a defined name as code
/// (<c>parse_headers</c>, <c>UserService</c>): BM25 finds such a name exactly, while the model ranks code that
/// merely resembles it (its definition, its neighbours) above the lines that use it.</param>
internal sealed partial record FusionWeights(double Symbol, double Vector, double VectorForCodeNames)
{
    /// <summary>Tuned on the tuning questions with all-MiniLM-L6-v2 vectors (docs/benchmarks.md, "Fusion weights").</summary>
    public static FusionWeights Default { get; } = new(Symbol: 0.1, Vector: 0.25, VectorForCodeNames: 0);

    /// <summary>The fused ranking of one query's lists, best first.</summary>
    public IReadOnlyList<int> Fuse(string query, IReadOnlyList<int> lexical, SymbolRanking ranking, IReadOnlyList<int> symbol, IReadOnlyList<int>? vector)
    {
        var rankings = new List<(IReadOnlyList<int>, double)> { (lexical, 1.0) };
        // Without a file or symbol named in the query the graph ranking is plain centrality, the same for every
        // query: it still draws the outline but would only add noise here.
        if (ranking.Mentions.Files.Count > 0 || ranking.Mentions.Identifiers.Count > 0)
        {
            rankings.Add((symbol, Symbol));
        }

        var vectorWeight = vector is null ? 0 : WritesCodeName(query, ranking.Mentions) ? VectorForCodeNames : Vector;
        if (vectorWeight > 0)
        {
            rankings.Add((vector!, vectorWeight));
        }

        return ReciprocalRankFusion.Fuse(rankings).Select(f => f.Item).ToList();
    }

    /// <summary>Whether a word of the query is a defined identifier written as code: with an underscore or an inner capital.</summary>
    public static bool WritesCodeName(string query, TaskMentions mentions) =>
        CodeLikeWord().Matches(query).Any(m => mentions.Identifiers.Contains(m.Value));

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9]*(?:_[A-Za-z0-9]+|[a-z0-9][A-Z][A-Za-z0-9]*)+\b")]
    private static partial Regex CodeLikeWord();
}
