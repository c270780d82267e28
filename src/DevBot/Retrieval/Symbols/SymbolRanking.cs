using DevBot.Retrieval.Search;

namespace DevBot.Retrieval.Symbols;

/// <summary>The outcome of ranking a project's symbol graph for one task.</summary>
internal sealed class SymbolRanking(IReadOnlyList<double> fileRanks, IReadOnlyList<double> symbolRanks, TaskMentions mentions)
{
    public IReadOnlyList<double> FileRanks { get; } = fileRanks;

    /// <summary>Rank of each of <see cref="SymbolGraph.Definitions"/>, by the same index.</summary>
    public IReadOnlyList<double> SymbolRanks { get; } = symbolRanks;

    public TaskMentions Mentions { get; } = mentions;

    public SymbolGraph? Graph { get; init; }

    /// <summary>The best <paramref name="limit"/> definitions, best first (ties: in index order).</summary>
    public IReadOnlyList<(RankedSymbol Symbol, double Rank)> RankedSymbols(int limit = int.MaxValue)
    {
        if (Graph is null)
        {
            return [];
        }

        return BestFirst(SymbolRanks, limit).Select(i => (Graph.Definitions[i], SymbolRanks[i])).ToList();
    }

    /// <summary>Chunks ordered by the rank of what they define, best first.</summary>
    public IReadOnlyList<int> TopChunks(int limit)
    {
        if (Graph is null)
        {
            return [];
        }

        var scores = new double[Graph.ChunkCount];
        for (var d = 0; d < Graph.Definitions.Count; d++)
        {
            scores[Graph.Definitions[d].Chunk] += SymbolRanks[d];
        }

        return TopK.Select(scores, limit, positiveOnly: true);
    }

    private static IEnumerable<int> BestFirst(IReadOnlyList<double> scores, int limit) =>
        TopK.Select(scores is double[] array ? array : scores.ToArray(), limit);
}
