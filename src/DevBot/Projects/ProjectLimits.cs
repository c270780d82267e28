using System.ComponentModel.DataAnnotations;

namespace DevBot.Projects;

/// <summary>Bounds on what a request and a generated project may hold.</summary>
public sealed class ProjectLimits
{
    public const int MaxDescriptionLength = 8000;
    public const int MaxTitleLength = 200;
    public const int MaxStackLength = 60;

    [ConfigurationKeyName("MAX_PROJECT_FILES")]
    [Range(1, 10_000)]
    public int MaxFiles { get; set; } = 300;

    [ConfigurationKeyName("MAX_FILE_BYTES")]
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 256 * 1024;

    /// <summary>Largest ZIP a user may upload to import their own code (compressed size).</summary>
    [ConfigurationKeyName("MAX_IMPORT_BYTES")]
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxImportBytes { get; set; } = 20 * 1024 * 1024;
}
