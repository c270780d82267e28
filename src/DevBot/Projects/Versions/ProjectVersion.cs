using System.Text.Json.Serialization;
using DevBot.Shared;

namespace DevBot.Projects.Versions;

/// <summary>How a version came about.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<VersionKind>))]
public enum VersionKind
{
    /// <summary>The first build from a description.</summary>
    Build,

    /// <summary>A change request in plain words, planned and implemented on top of the version before.</summary>
    Change,

    /// <summary>An earlier version's files made current again (undo); history is never rewritten.</summary>
    Restore,

    /// <summary>The user's own code, uploaded as a ZIP.</summary>
    Import,
}

/// <summary>Where a version stands.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<VersionStatus>))]
public enum VersionStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// One version of a project: every delivery is one (the first build, each change, each restore, each import). The
/// number is given when the version is queued and never reused, so a failed change keeps its number and its stored
/// model answers never replay into a later one. Its files are the fold of the commits of its line of versions
/// (<see cref="BaseVersion"/>, then its base, …), see <see cref="ProjectHistory"/>.
/// </summary>
public sealed class ProjectVersion
{
    public Guid ProjectId { get; set; }
    public int Version { get; set; }
    public VersionKind Kind { get; set; }
    public VersionStatus Status { get; set; }

    /// <summary>The description (build), the user's instruction (change), null for a restore or an import.</summary>
    public string? Instruction { get; set; }

    /// <summary>Files the user pointed the change at, one per line (null: none).</summary>
    public string? Paths { get; set; }

    /// <summary>The delivered version this one was made from (null for a first build or an import).</summary>
    public int? BaseVersion { get; set; }

    /// <summary>For a restore: the version whose files it brings back.</summary>
    public int? RestoredFrom { get; set; }

    /// <summary>The architect's summary of a change's plan.</summary>
    public string? Summary { get; set; }

    /// <summary>The architect said the change alters behaviour the README describes, so the README is rewritten.</summary>
    public bool UpdateReadme { get; set; }

    public int FilesChanged { get; set; }
    public int LinesAdded { get; set; }
    public int LinesRemoved { get; set; }
    public string? ArchiveKey { get; set; }
    public long? ArchiveSize { get; set; }
    public Guid? JobId { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    public IReadOnlyList<string> PathList => Paths?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public bool IsFinished => Status is VersionStatus.Completed or VersionStatus.Failed or VersionStatus.Cancelled;
}
