using System.Text.Json.Serialization;
using DevBot.Shared;

namespace DevBot.Projects;

/// <summary>One item of the architect's TODO list.</summary>
public sealed class ProjectTask
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }

    /// <summary>The project version the task builds (1: the first build; a change's tasks start again at index 1).</summary>
    public int Version { get; set; } = 1;

    public int Index { get; set; }
    public required string Title { get; set; }
    public required string Details { get; set; }
    public ProjectTaskStatus Status { get; set; } = ProjectTaskStatus.Pending;
    public int Attempts { get; set; }

    /// <summary>The reviewer's last feedback (or why the task failed).</summary>
    public string? Feedback { get; set; }

    public DateTime UpdatedAt { get; set; }
}

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<ProjectTaskStatus>))]
public enum ProjectTaskStatus
{
    Pending,
    InProgress,
    Approved,
    Rejected,
    Failed,
}

internal static class ProjectTaskStatusNames
{
    public static string ToApi(this ProjectTaskStatus status) => status switch
    {
        ProjectTaskStatus.Pending => "pending",
        ProjectTaskStatus.InProgress => "in_progress",
        ProjectTaskStatus.Approved => "approved",
        ProjectTaskStatus.Rejected => "rejected",
        ProjectTaskStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
