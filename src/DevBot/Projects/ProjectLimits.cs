using System.ComponentModel.DataAnnotations;

namespace DevBot.Projects;

/// <summary>Bounds on what a request and a generated project may hold, and on how many builds a user may have waiting.</summary>
public sealed class ProjectLimits
{
    public const int MaxDescriptionLength = 8000;
    public const int MaxTitleLength = 200;
    public const int MaxStackLength = 60;

    [ConfigurationKeyName("MAX_PROJECT_FILES")]
    [Range(1, 10_000)]
    public int MaxFiles { get; set; } = 300;

    /// <summary>
    /// Builds one user may have waiting in the queue at once, whatever the front door (HTTP, Telegram, CLI); beyond
    /// it a submission is refused until one of them starts. It also bounds the work of keeping the queue order.
    /// </summary>
    [ConfigurationKeyName("MAX_QUEUED_BUILDS_PER_USER")]
    [Range(1, 10_000)]
    public int MaxQueuedBuildsPerUser { get; set; } = 10;

    [ConfigurationKeyName("MAX_FILE_BYTES")]
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 256 * 1024;

    /// <summary>Largest ZIP a user may upload to import their own code (compressed size).</summary>
    [ConfigurationKeyName("MAX_IMPORT_BYTES")]
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxImportBytes { get; set; } = 20 * 1024 * 1024;
}
