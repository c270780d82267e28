using DevBot.Retrieval.Lexical;
using DevBot.Retrieval.Symbols;

namespace DevBot.Retrieval.Indexing;

/// <summary>
/// An immutable in-memory view of one generation of a project's index: its chunks (without content), a BM25
/// index over their terms and the symbol graph between its files. Built lazily, shared by concurrent searches.
/// </summary>
internal sealed class ProjectSnapshot
{
    private readonly Lazy<Bm25Index> _lexical;
    private readonly Lazy<SymbolGraph> _symbols;
    private readonly Dictionary<Guid, int> _indexById;

    public ProjectSnapshot(Guid projectId, long generation, IReadOnlyList<IndexedChunk> chunks, IReadOnlyDictionary<string, IndexedFileState> files)
    {
        ProjectId = projectId;
        Generation = generation;
        Chunks = chunks;
        Files = files;
        ChunksByPath = chunks.GroupBy(c => c.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IndexedChunk>)g.ToList(), StringComparer.Ordinal);
        _indexById = new Dictionary<Guid, int>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            _indexById[chunks[i].Id] = i;
        }

        _lexical = new Lazy<Bm25Index>(() => new Bm25Index(chunks.Select(c => c.Terms).ToList()));
        _symbols = new Lazy<SymbolGraph>(() => new SymbolGraph(chunks));
    }

    public static ProjectSnapshot Empty(Guid projectId) => new(projectId, 0, [], new Dictionary<string, IndexedFileState>());

    public Guid ProjectId { get; }

    public long Generation { get; }

    public IReadOnlyList<IndexedChunk> Chunks { get; }

    /// <summary>Every indexed file (also those without chunks) with its generation and content hash.</summary>
    public IReadOnlyDictionary<string, IndexedFileState> Files { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<IndexedChunk>> ChunksByPath { get; }

    public Bm25Index Lexical => _lexical.Value;

    public SymbolGraph Symbols => _symbols.Value;

    public int? IndexOf(Guid chunkId) => _indexById.TryGetValue(chunkId, out var index) ? index : null;
}

/// <summary>Which generation of the index holds a file, and the SHA-256 of the content it was indexed from.</summary>
internal sealed record IndexedFileState(long Generation, string ContentHash);
