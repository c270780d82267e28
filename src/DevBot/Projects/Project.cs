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

    /// <summary>The test command the architect's plan set (null: detected from the files).</summary>
    public string? TestCommand { get; set; }

    /// <summary>Fix rounds whose edits are committed in the current run (a resumed build continues after them).</summary>
    public int FixRounds { get; set; }

    /// <summary>The delivered version users get (1 after the first build); 0 while nothing has been delivered.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// The version the project's latest job builds: 1 for the first build, the next free number for each change or
    /// restore (numbers of failed or cancelled versions are never reused, so their stored answers never replay).
    /// </summary>
    public int TargetVersion { get; private set; } = 1;

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

    /// <summary>The delivery: the archive is stored, the build is over, and its version is the one users get.</summary>
    public void Complete(string archiveKey, long archiveSize, DateTime now)
    {
        MoveTo(ProjectStatus.Completed, now);
        ArchiveKey = archiveKey;
        ArchiveSize = archiveSize;
        Version = TargetVersion;
    }

    /// <summary>
    /// Opens a finished project for its next version (a change or a restore): back in the queue, building
    /// <paramref name="version"/>. The one way out of a final state, and only for a project that was delivered once and
    /// is not being worked on; the status table itself keeps final states final.
    /// </summary>
    public void BeginVersion(int version, DateTime now)
    {
        if (VersionRefusal(version) is { } refusal)
        {
            throw new InvalidOperationException($"Project {Id} cannot begin version {version}: {refusal}");
        }

        Status = ProjectStatus.Queued;
        TargetVersion = version;
        Error = null;
        CompletedAt = null;
        CancelRequested = false;
        FixRounds = 0;
        UpdatedAt = now;
    }

    /// <summary>Why <see cref="BeginVersion"/> would refuse, or null when a new version may begin.</summary>
    public string? VersionRefusal(int version) =>
        !Status.IsTerminal() ? $"it is still {Status.ToApi()}"
        : Version < 1 ? "nothing has been delivered yet"
        : version <= Math.Max(Version, TargetVersion) ? $"version {version} is taken"
        : null;
}
