namespace DevBot.Projects;

public sealed class Project
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string Title { get; set; }

    /// <summary>True while the title is derived from the description; the architect's plan title then replaces it.</summary>
    public bool TitleProvisional { get; set; }
    public required string Description { get; set; }

    /// <summary>Language/stack the user asked for (e.g. "Python"); null lets the architect decide.</summary>
    public string? Stack { get; set; }

    public ProjectStatus Status { get; set; } = ProjectStatus.Queued;
    public string? Error { get; set; }
    public string? PlanSummary { get; set; }

    /// <summary>The plan as a TODO list in Markdown (<c>- [ ] title</c>), kept in step with the task statuses.</summary>
    public string? PlanMarkdown { get; set; }

    public bool CancelRequested { get; set; }
    public string? ArchiveKey { get; set; }
    public long? ArchiveSize { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
