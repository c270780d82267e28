using System.Text.Json.Serialization;
using DevBot.Shared;

namespace DevBot.Projects;

[JsonConverter(typeof(SnakeCaseEnumJsonConverter<ProjectStatus>))]
public enum ProjectStatus
{
    Queued,
    Planning,
    Implementing,

    /// <summary>The code runs in the sandbox: the project's tests, and fix rounds from real failures.</summary>
    Testing,
    Documenting,
    Packaging,
    Completed,
    Failed,
    Cancelled,
    AwaitingCredits,
}

internal static class ProjectStatusNames
{
    public static string ToApi(this ProjectStatus status) => status switch
    {
        ProjectStatus.Queued => "queued",
        ProjectStatus.Planning => "planning",
        ProjectStatus.Implementing => "implementing",
        ProjectStatus.Testing => "testing",
        ProjectStatus.Documenting => "documenting",
        ProjectStatus.Packaging => "packaging",
        ProjectStatus.Completed => "completed",
        ProjectStatus.Failed => "failed",
        ProjectStatus.Cancelled => "cancelled",
        ProjectStatus.AwaitingCredits => "awaiting_credits",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool IsTerminal(this ProjectStatus status) =>
        status is ProjectStatus.Completed or ProjectStatus.Failed or ProjectStatus.Cancelled;
}
