namespace DevBot.Projects.Versions;

/// <param name="Paths">Files the change is about (relative paths of the current version), at most 20; optional.</param>
public sealed record ChangeProjectRequest(string? Instruction, IReadOnlyList<string>? Paths);

/// <summary>A new version accepted into the queue (<c>version</c>: the version it will create).</summary>
public sealed record VersionAccepted(Guid ProjectId, int Version, Guid JobId, string Status, int QueuePosition, VersionKind Kind, int? RestoredFrom);

/// <summary>One version as the API lists it.</summary>
public sealed record VersionView(
    int Version,
    VersionKind Kind,
    string? Instruction,
    VersionStatus Status,
    DateTime CreatedAt,
    DateTime? CompletedAt,
    int FilesChanged,
    int LinesAdded,
    int LinesRemoved,
    int? BaseVersion,
    int? RestoredFrom,
    bool ArchiveReady,
    VerificationView? Verification,
    string? Error);
