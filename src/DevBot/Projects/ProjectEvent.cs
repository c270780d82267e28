namespace DevBot.Projects;

/// <summary>
/// A state change of a project, appended in the same transaction as the change itself (an outbox):
/// SSE streams and the Telegram notifier read it, and nothing is lost across restarts.
/// </summary>
public sealed class ProjectEvent
{
    public long Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string Type { get; set; }

    /// <summary>JSON object with the event's details.</summary>
    public required string Data { get; set; }

    public DateTime CreatedAt { get; set; }
}
