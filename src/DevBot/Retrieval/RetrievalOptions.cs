using System.ComponentModel.DataAnnotations;

namespace DevBot.Retrieval;

/// <summary>How much code context an agent gets and how much of the index stays in memory.</summary>
public sealed class RetrievalOptions
{
    /// <summary>Tokens of code context (outline plus chunks) given to the implementer and the reviewer.</summary>
    [ConfigurationKeyName("RETRIEVAL_CONTEXT_TOKENS")]
    [Range(200, 1_000_000)]
    public int ContextTokens { get; set; } = 6000;

    /// <summary>Most tokens of the context spent on the repository outline (never more than half the context).</summary>
    [ConfigurationKeyName("RETRIEVAL_OUTLINE_TOKENS")]
    [Range(0, 100_000)]
    public int OutlineTokens { get; set; } = 1000;

    /// <summary>Chunks of all projects kept in memory for search; the least recently used projects are dropped beyond it.</summary>
    [ConfigurationKeyName("RETRIEVAL_CACHE_CHUNKS")]
    [Range(0, 100_000_000)]
    public int CacheChunks { get; set; } = 200_000;

    /// <summary>Files larger than this are not indexed (generated or minified code).</summary>
    [ConfigurationKeyName("RETRIEVAL_MAX_FILE_BYTES")]
    [Range(1_000, 100_000_000)]
    public int MaxFileBytes { get; set; } = 1_000_000;
}
