namespace DevBot.Retrieval.Symbols;

/// <summary>The outcome of ranking a project's symbol graph for one task.</summary>
public sealed class SymbolRanking(IReadOnlyList<double> fileRanks, IReadOnlyList<double> symbolRanks, TaskMentions mentions)
{
    public IReadOnlyList<double> FileRanks { get; } = fileRanks;

    /// <summary>Rank of each of <see cref="SymbolGraph.Definitions"/>, by the same index.</summary>
    public IReadOnlyList<double> SymbolRanks { get; } = symbolRanks;

    public TaskMentions Mentions { get; } = mentions;

    public SymbolGraph? Graph { get; init; }

    /// <summary>Definitions, best first.</summary>
    public IReadOnlyList<(RankedSymbol Symbol, double Rank)> RankedSymbols() => Graph is null
        ? []
        : Graph.Definitions.Select((d, i) => (d, SymbolRanks[i])).OrderByDescending(p => p.Item2).ThenBy(p => p.d.Path, StringComparer.Ordinal).ThenBy(p => p.d.Definition.Line).ToList();

    /// <summary>Chunks ordered by the rank of what they define, plus chunks of files the task names; best first.</summary>
    public IReadOnlyList<int> TopChunks(int limit)
    {
        if (Graph is null)
        {
            return [];
        }

        var scores = new Dictionary<int, double>();
        for (var d = 0; d < Graph.Definitions.Count; d++)
        {
            var chunk = Graph.Definitions[d].Chunk;
            scores[chunk] = scores.GetValueOrDefault(chunk) + SymbolRanks[d];
        }

        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(limit).Select(s => s.Key).ToList();
    }
}
