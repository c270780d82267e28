using System.Text.Json;
using DevBot.Data;

namespace DevBot.Projects;

/// <summary>Appends state changes to the <c>project_events</c> outbox, inside the caller's unit of work.</summary>
public static class ProjectEventLog
{
    public const string Queued = "queued";
    public const string Planning = "planning";
    public const string PlanReady = "plan_ready";
    public const string TaskStarted = "task_started";
    public const string TaskFinished = "task_finished";
    public const string Documenting = "documenting";
    public const string Packaging = "packaging";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string AwaitingCredits = "awaiting_credits";
    public const string Resumed = "resumed";
    public const string Retrying = "retrying";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlySet<string> TerminalTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { Completed, Failed, Cancelled };

    public static ProjectEvent Append(DevBotDbContext db, Guid projectId, string type, object data, DateTime now)
    {
        var projectEvent = new ProjectEvent
        {
            ProjectId = projectId,
            Type = type,
            Data = JsonSerializer.Serialize(data, Json),
            CreatedAt = now,
        };
        db.Set<ProjectEvent>().Add(projectEvent);
        return projectEvent;
    }
}
