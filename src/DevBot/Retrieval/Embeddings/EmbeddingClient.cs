namespace DevBot.Retrieval.Embeddings;

/// <summary>
/// What retrieval asks for vectors. Never throws for a provider problem (an endpoint down, a model file missing):
/// the failure is logged, the provider is left alone for <c>EMBEDDING_RETRY_AFTER_SECONDS</c>, and callers get
/// null and carry on without vectors (lexical and symbol search need no model).
/// </summary>
internal sealed class EmbeddingClient
{
    private readonly IEmbeddingProvider? _provider;
    private readonly EmbeddingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmbeddingClient> _logger;
    private long _unavailableUntilTicks;

    internal EmbeddingClient(IEmbeddingProvider? provider, EmbeddingOptions options, TimeProvider time, ILogger<EmbeddingClient> logger)
    {
        _provider = provider;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public bool IsConfigured => _provider is not null;

    /// <summary>The model's name in the embedding cache; null when embeddings are off.</summary>
    public string? Model => _provider?.Model;

    public int BatchSize => _options.BatchSize;

    public int MaxChars => _options.MaxChars;

    /// <summary>Whether a call would be attempted now (configured, and not resting after a failure).</summary>
    public bool IsAvailable => IsConfigured && _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _unavailableUntilTicks);

    /// <summary>One vector per input, in order; null when embeddings are off or the provider failed.</summary>
    public async Task<float[][]?> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        if (!IsAvailable || _provider is null)
        {
            return null;
        }

        if (inputs.Count == 0)
        {
            return [];
        }

        var batch = await _provider.EmbedAsync(inputs, cancellationToken);
        if (batch.Vectors is { } vectors)
        {
            return vectors;
        }

        var until = _time.GetUtcNow().AddSeconds(_options.RetryAfterSeconds);
        Interlocked.Exchange(ref _unavailableUntilTicks, until.UtcTicks);
        _logger.LogWarning(
            "Embeddings from {Source} failed ({Reason}); searching without vectors, next try after {Until:O}",
            _provider.Source, batch.Failure, until);
        return null;
    }
}
