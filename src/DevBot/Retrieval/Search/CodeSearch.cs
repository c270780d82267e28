using DevBot.Data;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Lexical;
using DevBot.Retrieval.Symbols;
using DevBot.Shared;

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
        var hybrid = FusionWeights.Default.Fuse(query, lexical, ranking, symbol, vector).Take(limit).ToList();
        return new SearchResults(snapshot, lexical, symbol, vector, hybrid, ranking);
    }

    private async Task<IReadOnlyList<int>?> VectorSearchAsync(ProjectSnapshot snapshot, string query, int limit, CancellationToken cancellationToken)
    {
        if (!embeddings.IsAvailable || embeddings.Model is not { } model)
        {
            return null;
        }

        var embedded = await embeddings.EmbedAsync([Utf8Text.Clip(query, embeddings.MaxChars, marker: string.Empty)], cancellationToken);
        if (embedded is not [var queryVector])
        {
            return null;
        }

        var nearest = await vectors.NearestAsync(db, snapshot.ProjectId, model, queryVector, limit, cancellationToken);
        return nearest.Select(n => snapshot.IndexOf(n.ChunkId)).OfType<int>().ToList();
    }
}
