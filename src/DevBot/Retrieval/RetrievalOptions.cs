using System.ComponentModel.DataAnnotations;

namespace DevBot.Retrieval;

/// <summary>How the code context is divided and how much of the index stays in memory (the budget itself is CONTEXT_TOKEN_BUDGET).</summary>
internal sealed class RetrievalOptions
{
    /// <summary>Most tokens of the context spent on the repository outline (never more than half the context).</summary>
    [ConfigurationKeyName("RETRIEVAL_OUTLINE_TOKENS")]
    [Range(0, 100_000)]
    public int OutlineTokens { get; set; } = 1000;

    /// <summary>Chunks of all projects kept in memory for search; the least recently used projects are dropped beyond it.</summary>
    [ConfigurationKeyName("RETRIEVAL_CACHE_CHUNKS")]
    [Range(0, 100_000_000)]
    public int CacheChunks { get; set; } = 200_000;
}
