using System.ComponentModel.DataAnnotations;

namespace DevBot.Hosting;

public sealed class ApiRateLimitOptions
{
    /// <summary>Requests one API key may make per minute on the authenticated API; 0 turns the limit off.</summary>
    [ConfigurationKeyName("RATE_LIMIT_PER_MINUTE")]
    [Range(0, 1_000_000)]
    public int PerMinute { get; set; } = 300;
}
