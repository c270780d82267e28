namespace DevBot.Retrieval.Embeddings;

/// <summary>Turns texts into vectors: an OpenAI-compatible endpoint or the local model.</summary>
internal interface IEmbeddingProvider
{
    /// <summary>The model's name in the embedding cache: vectors of different models never mix.</summary>
    string Model { get; }

    /// <summary>Where the vectors come from, for log lines (never a secret).</summary>
    string Source { get; }

    /// <summary>One unit-length-or-not vector per input, in order, or the reason there are none.</summary>
    Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}

/// <summary>The outcome of one embedding call: vectors (one per input, all of one length), or why not.</summary>
internal sealed record EmbeddingBatch(float[][]? Vectors, string? Failure)
{
    public static EmbeddingBatch Of(float[][] vectors) => new(vectors, null);

    public static EmbeddingBatch Failed(string reason) => new(null, reason);
}
