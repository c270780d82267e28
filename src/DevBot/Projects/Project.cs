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

    /// <summary>Changes only through <see cref="MoveTo"/> and the methods built on it, which refuse illegal transitions.</summary>
    public ProjectStatus Status { get; private set; } = ProjectStatus.Queued;

    /// <summary>Why the build failed (null unless <see cref="ProjectStatus.Failed"/>).</summary>
    public string? Error { get; private set; }
    public string? PlanSummary { get; set; }

    /// <summary>The plan as a TODO list in Markdown (<c>- [ ] title</c>), kept in step with the task statuses.</summary>
    public string? PlanMarkdown { get; set; }

    public bool CancelRequested { get; set; }
    public string? ArchiveKey { get; set; }
    public long? ArchiveSize { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>
    /// The one way a status changes. Illegal transitions (anything out of a terminal state, back into the queue
    /// from a running step) are refused with an exception: they are bugs, never a user's doing.
    /// </summary>
    public void MoveTo(ProjectStatus next, DateTime now)
    {
        if (!ProjectStatusTransitions.IsAllowed(Status, next))
        {
            throw new InvalidOperationException($"Project {Id} cannot go from {Status.ToApi()} to {next.ToApi()}.");
        }

        Status = next;
        UpdatedAt = now;
        if (next.IsTerminal())
        {
            CompletedAt = now;
        }

        if (next != ProjectStatus.Failed)
        {
            Error = null;
        }
    }

    public void Fail(string reason, DateTime now)
    {
        MoveTo(ProjectStatus.Failed, now);
        Error = reason;
    }

    /// <summary>The delivery: the archive is stored and the build is over.</summary>
    public void Complete(string archiveKey, long archiveSize, DateTime now)
    {
        MoveTo(ProjectStatus.Completed, now);
        ArchiveKey = archiveKey;
        ArchiveSize = archiveSize;
    }
}
