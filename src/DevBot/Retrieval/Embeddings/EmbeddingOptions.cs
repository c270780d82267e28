using System.ComponentModel.DataAnnotations;

namespace DevBot.Retrieval.Embeddings;

/// <summary>An optional OpenAI-compatible embeddings endpoint (Ollama, OpenAI, vLLM, LM Studio, ...).</summary>
public sealed class EmbeddingOptions
{
    /// <summary>Base URL; requests go to <c>{base}/embeddings</c>, e.g. <c>http://localhost:11434/v1</c>.</summary>
    [ConfigurationKeyName("EMBEDDING_BASE_URL")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("EMBEDDING_MODEL")]
    public string? Model { get; set; }

    [ConfigurationKeyName("EMBEDDING_API_KEY")]
    public string? ApiKey { get; set; }

    [ConfigurationKeyName("EMBEDDING_BATCH_SIZE")]
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 32;

    [ConfigurationKeyName("EMBEDDING_TIMEOUT_SECONDS")]
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>After a failed request the endpoint is left alone this long; search runs without vectors meanwhile.</summary>
    [ConfigurationKeyName("EMBEDDING_RETRY_AFTER_SECONDS")]
    [Range(0, 86_400)]
    public int RetryAfterSeconds { get; set; } = 60;

    /// <summary>Characters of a chunk sent to the model (path line included); longer chunks are cut.</summary>
    [ConfigurationKeyName("EMBEDDING_MAX_CHARS")]
    [Range(100, 1_000_000)]
    public int MaxChars { get; set; } = 6000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(Model);

    public bool IsValid(out string error)
    {
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(BaseUrl) != string.IsNullOrWhiteSpace(Model))
        {
            error = "Set both EMBEDDING_BASE_URL and EMBEDDING_MODEL to use embeddings, or neither.";
            return false;
        }

        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            error = "EMBEDDING_BASE_URL must be an absolute http(s) URL, e.g. http://localhost:11434/v1.";
            return false;
        }

        return true;
    }
}
