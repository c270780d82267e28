using DevBot.Projects.Events;

namespace DevBot.Projects;

public sealed record CreateProjectRequest(string? Description, string? Title, string? Stack);

public sealed record ProjectAccepted(Guid Id, Guid JobId, string Status, int QueuePosition);

public sealed record ProjectSummary(Guid Id, string Title, string Status, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ProjectTaskView(int Index, string Title, string Details, string Status, int Attempts, string? Feedback);

public sealed record ProjectFileView(string Path, long Size);

/// <param name="WaitingReason">While the build waits to run again after the model failed: why (naming the setting to fix when it is one).</param>
/// <param name="RetryAt">While it waits: when it runs again (UTC).</param>
public sealed record ProjectDetails(
    Guid Id,
    string Title,
    string Description,
    string? Stack,
    string Status,
    int? QueuePosition,
    string? PlanSummary,
    string? PlanMarkdown,
    IReadOnlyList<ProjectTaskView> Plan,
    IReadOnlyList<ProjectFileView> Files,
    string? Error,
    bool ArchiveReady,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? CompletedAt,
    BuildCost Cost,
    string? WaitingReason = null,
    DateTime? RetryAt = null);

public sealed record ProjectCancelled(Guid Id, string Status, string Message);

/// <summary>One state change as sent over Server-Sent Events: its outbox id, its kind, and the typed event.</summary>
public sealed record ProjectEventView(long Id, string Type, BuildEvent Data, DateTime CreatedAt);
