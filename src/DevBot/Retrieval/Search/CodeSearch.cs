using DevBot.Data;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Lexical;
using DevBot.Retrieval.Symbols;

namespace DevBot.Retrieval.Search;

/// <summary>What one search found: each ranking as chunk indices into <see cref="Snapshot"/>, best first.</summary>
public sealed record SearchResults(
    ProjectSnapshot Snapshot,
    IReadOnlyList<int> Lexical,
    IReadOnlyList<int> Symbol,
    IReadOnlyList<int>? Vector,
    IReadOnlyList<int> Hybrid,
    SymbolRanking Ranking);

/// <summary>
/// Searches one project's code three ways — BM25 over split identifiers, the personalised symbol graph, and
/// (when an embedding endpoint answers) cosine similarity — and fuses them by reciprocal rank.
/// </summary>
public sealed class CodeSearch(
    DevBotDbContext db,
    ProjectIndexCache cache,
    EmbeddingClient embeddings,
    EmbeddingStore vectors)
{
    public const int DefaultLimit = 50;

    /// <summary>Weight of the symbol-graph list in the fusion (lexical and vector lists weigh 1).</summary>
    public const double SymbolWeight = 0.1;

    public async Task<SearchResults> SearchAsync(Guid projectId, string query, int limit = DefaultLimit, CancellationToken cancellationToken = default)
    {
        var snapshot = await cache.GetAsync(db, projectId, cancellationToken);
        if (snapshot.Chunks.Count == 0)
        {
            return new SearchResults(snapshot, [], [], null, [], new SymbolRanking([], [], TaskMentions.None));
        }

        var lexical = snapshot.Lexical.Search(TermSplitter.Terms(query), limit).Select(r => r.Document).ToList();
        var ranking = snapshot.Symbols.Rank(TaskMentions.Find(query, snapshot.Symbols));
        var symbol = ranking.TopChunks(limit);
        var vector = await VectorSearchAsync(snapshot, query, limit, cancellationToken);
        // Without a file or symbol named in the query the graph ranking is plain centrality, the same for every
        // query: it still draws the outline but would only add noise to the fused ranking. When it is personalised it
        // weighs 0.1: it reorders what the words found rather than adding chunks of its own (measured in docs/benchmarks.md).
        var rankings = new List<(IReadOnlyList<int>, double)> { (lexical, 1.0) };
        if (ranking.Mentions.Files.Count > 0 || ranking.Mentions.Identifiers.Count > 0)
        {
            rankings.Add((symbol, SymbolWeight));
        }

        if (vector is not null)
        {
            rankings.Add((vector, 1.0));
        }

        var hybrid = ReciprocalRankFusion.Fuse(rankings).Select(f => f.Item).Take(limit).ToList();
        return new SearchResults(snapshot, lexical, symbol, vector, hybrid, ranking);
    }

    private async Task<IReadOnlyList<int>?> VectorSearchAsync(ProjectSnapshot snapshot, string query, int limit, CancellationToken cancellationToken)
    {
        if (!embeddings.IsAvailable || embeddings.Model is not { } model)
        {
            return null;
        }

        var embedded = await embeddings.EmbedAsync([query.Length > embeddings.MaxChars ? query[..embeddings.MaxChars] : query], cancellationToken);
        if (embedded is not [var queryVector])
        {
            return null;
        }

        var nearest = await vectors.NearestAsync(db, snapshot.ProjectId, model, queryVector, limit, cancellationToken);
        return nearest.Select(n => snapshot.IndexOf(n.ChunkId)).OfType<int>().ToList();
    }
}
