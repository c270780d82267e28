namespace DevBot.Retrieval.Indexing;

/// <summary>A project's index: its generation grows by one with every indexing pass, so readers see what changed.</summary>
internal sealed class IndexedProject
{
    public Guid ProjectId { get; set; }
    public long Generation { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One indexed file; its chunks carry the same generation. An unchanged hash skips re-indexing.</summary>
internal sealed class IndexedFile
{
    public Guid ProjectId { get; set; }
    public required string Path { get; set; }
    public required string ContentHash { get; set; }
    public required string Language { get; set; }
    public long Generation { get; set; }
    public int ChunkCount { get; set; }
    public DateTime IndexedAt { get; set; }
}

/// <summary>A stored chunk with what search needs: its terms, the symbols it defines and the names it uses.</summary>
internal sealed class StoredChunk
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public required string Path { get; set; }
    public int StartLine { get; set; }
    public int EndLine { get; set; }
    public required string Kind { get; set; }
    public string? Name { get; set; }
    public required string Content { get; set; }

    /// <summary>SHA-256 of the text sent to the embedding model: the key of the embedding cache.</summary>
    public required string EmbeddingHash { get; set; }

    /// <summary>JSON array of the symbols defined here (name, kind, line, signature, container, depth).</summary>
    public required string Definitions { get; set; }

    /// <summary>Identifiers used here, space-separated.</summary>
    public required string ReferencedNames { get; set; }

    /// <summary>Search terms with their counts: "term:count term:count".</summary>
    public required string Terms { get; set; }

    public int TermCount { get; set; }
    public int TokenCount { get; set; }
    public long Generation { get; set; }
}

/// <summary>
/// An embedding cached by content hash and model. The vector column itself (pgvector <c>vector</c>, PostgreSQL
/// <c>real[]</c> without pgvector, or a float32 BLOB on SQLite) is read and written with SQL by the embedding store.
/// </summary>
internal sealed class StoredEmbedding
{
    public required string Model { get; set; }
    public required string ContentHash { get; set; }
    public int Dimensions { get; set; }
    public DateTime CreatedAt { get; set; }
}
