using System.ComponentModel.DataAnnotations;

namespace DevBot.Retrieval.Embeddings;

/// <summary>Where chunk embeddings come from.</summary>
internal enum EmbeddingProviderKind
{
    /// <summary>No vectors: search is lexical + symbol graph.</summary>
    None,

    /// <summary>An OpenAI-compatible <c>/embeddings</c> endpoint (Ollama, OpenAI, vLLM, LM Studio, ...).</summary>
    OpenAi,

    /// <summary>all-MiniLM-L6-v2 run in this process with ONNX Runtime.</summary>
    Local,
}

/// <summary>
/// Embeddings are optional: <c>EMBEDDING_PROVIDER</c> picks none, an OpenAI-compatible endpoint, or the local model.
/// Left unset, the older variables decide as they always did: <c>EMBEDDING_BASE_URL</c> + <c>EMBEDDING_MODEL</c>
/// mean <c>openai</c>, neither means <c>none</c>.
/// </summary>
internal sealed class EmbeddingOptions
{
    /// <summary><c>none</c>, <c>openai</c> or <c>local</c>; unset: <c>openai</c> when a base URL and model are set, else <c>none</c>.</summary>
    [ConfigurationKeyName("EMBEDDING_PROVIDER")]
    public string? Provider { get; set; }

    /// <summary>Base URL; requests go to <c>{base}/embeddings</c>, e.g. <c>http://localhost:11434/v1</c>.</summary>
    [ConfigurationKeyName("EMBEDDING_BASE_URL")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("EMBEDDING_MODEL")]
    public string? Model { get; set; }

    [ConfigurationKeyName("EMBEDDING_API_KEY")]
    public string? ApiKey { get; set; }

    /// <summary>Chunks per request to the endpoint, or per call of the local model.</summary>
    [ConfigurationKeyName("EMBEDDING_BATCH_SIZE")]
    [Range(1, 2048, ErrorMessage = "EMBEDDING_BATCH_SIZE must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 32;

    [ConfigurationKeyName("EMBEDDING_TIMEOUT_SECONDS")]
    [Range(1, 600, ErrorMessage = "EMBEDDING_TIMEOUT_SECONDS must be between {1} and {2}.")]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>After a failure the provider is left alone this long; search runs without vectors meanwhile.</summary>
    [ConfigurationKeyName("EMBEDDING_RETRY_AFTER_SECONDS")]
    [Range(0, 86_400, ErrorMessage = "EMBEDDING_RETRY_AFTER_SECONDS must be between {1} and {2}.")]
    public int RetryAfterSeconds { get; set; } = 60;

    /// <summary>Characters of a chunk sent to the model (path line included); longer chunks are cut.</summary>
    [ConfigurationKeyName("EMBEDDING_MAX_CHARS")]
    [Range(100, 1_000_000, ErrorMessage = "EMBEDDING_MAX_CHARS must be between {1} and {2}.")]
    public int MaxChars { get; set; } = 6000;

    /// <summary>CPU threads the local model uses for one batch (it runs one batch at a time per process).</summary>
    [ConfigurationKeyName("EMBEDDING_LOCAL_THREADS")]
    [Range(1, 256, ErrorMessage = "EMBEDDING_LOCAL_THREADS must be between {1} and {2}.")]
    public int LocalThreads { get; set; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>The provider these settings choose; only meaningful when <see cref="IsValid"/> holds.</summary>
    public EmbeddingProviderKind ProviderKind => Provider?.Trim().ToLowerInvariant() switch
    {
        "none" => EmbeddingProviderKind.None,
        "openai" => EmbeddingProviderKind.OpenAi,
        "local" => EmbeddingProviderKind.Local,
        _ => HasEndpoint ? EmbeddingProviderKind.OpenAi : EmbeddingProviderKind.None,
    };

    public bool IsConfigured => ProviderKind != EmbeddingProviderKind.None;

    private bool HasEndpoint => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(Model);

    public bool IsValid(out string error)
    {
        error = Check() ?? string.Empty;
        return error.Length == 0;
    }

    private string? Check()
    {
        var provider = Provider?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(provider) && provider is not ("none" or "openai" or "local"))
        {
            return $"EMBEDDING_PROVIDER must be none, openai or local (it is '{Provider}').";
        }

        return provider switch
        {
            // "none" switches embeddings off whatever else is set, so an endpoint can stay configured while unused.
            "none" => null,
            "local" when !string.IsNullOrWhiteSpace(BaseUrl) =>
                "EMBEDDING_PROVIDER=local runs the model in this process: remove EMBEDDING_BASE_URL, or set EMBEDDING_PROVIDER=openai to use that endpoint.",
            "local" when !string.IsNullOrWhiteSpace(Model) && !Local.LocalEmbeddingModel.Accepts(Model) =>
                $"EMBEDDING_PROVIDER=local always runs {Local.LocalEmbeddingModel.Name}: remove EMBEDDING_MODEL (it is '{Model}'), or set EMBEDDING_PROVIDER=openai with EMBEDDING_BASE_URL to use that model.",
            "local" => null,
            "openai" when string.IsNullOrWhiteSpace(BaseUrl) || string.IsNullOrWhiteSpace(Model) =>
                "EMBEDDING_PROVIDER=openai needs EMBEDDING_BASE_URL (e.g. http://localhost:11434/v1) and EMBEDDING_MODEL (e.g. nomic-embed-text).",
            null or "" when string.IsNullOrWhiteSpace(BaseUrl) != string.IsNullOrWhiteSpace(Model) =>
                "Set both EMBEDDING_BASE_URL and EMBEDDING_MODEL to use an embeddings endpoint, or neither (or set EMBEDDING_PROVIDER=local to embed on this machine).",
            _ when !string.IsNullOrWhiteSpace(BaseUrl)
                && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)) =>
                "EMBEDDING_BASE_URL must be an absolute http(s) URL, e.g. http://localhost:11434/v1.",
            _ => null,
        };
    }
}
