using DevBot.Projects.Events;

namespace DevBot.Projects;

public sealed record CreateProjectRequest(string? Description, string? Title, string? Stack);

public sealed record ProjectAccepted(Guid Id, Guid JobId, string Status, int QueuePosition);

public sealed record ProjectSummary(Guid Id, string Title, string Status, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ProjectTaskView(int Index, string Title, string Details, string Status, int Attempts, string? Feedback);

public sealed record ProjectFileView(string Path, long Size);

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
    BuildCost Cost);

public sealed record ProjectCancelled(Guid Id, string Status, string Message);

/// <summary>One state change as sent over Server-Sent Events: its outbox id, its kind, and the typed event.</summary>
public sealed record ProjectEventView(long Id, string Type, BuildEvent Data, DateTime CreatedAt);
