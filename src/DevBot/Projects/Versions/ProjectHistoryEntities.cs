namespace DevBot.Projects.Versions;

/// <summary>
/// A file's content, stored once per project however many versions hold it (content-addressed by SHA-256). Text is
/// UTF-8; a file that is not (an imported image, a font) is kept as it is, marked binary, and never indexed or edited.
/// </summary>
public sealed class ProjectBlob
{
    public Guid ProjectId { get; set; }
    public required string Sha256 { get; set; }
    public long Size { get; set; }
    public bool IsBinary { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>What a commit of the project's history records.</summary>
public enum CommitKind
{
    /// <summary>An approved task (message: its title; body: its details and the verdict).</summary>
    Task,

    /// <summary>A fix round's edits after a failed test run.</summary>
    Fix,

    /// <summary>The README and PLAN.md.</summary>
    Docs,

    /// <summary>An earlier version's files brought back.</summary>
    Restore,

    /// <summary>The user's uploaded files.</summary>
    Import,

    /// <summary>The files of a project built before DevBot kept a history (written by the migration).</summary>
    Baseline,

    /// <summary>Files found changed outside a recorded step, committed before packaging so the history ends at the files delivered.</summary>
    Sync,
}

/// <summary>One step of a project's history: becomes one git commit in every ZIP of a version on its line.</summary>
public sealed class ProjectCommit
{
    public Guid ProjectId { get; set; }

    /// <summary>1, 2, 3… per project in the order commits were made.</summary>
    public int Seq { get; set; }

    /// <summary>The version the commit belongs to.</summary>
    public int Version { get; set; }

    public CommitKind Kind { get; set; }
    public required string Message { get; set; }
    public string? Body { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A path a commit changed: its new content's hash, or null when the commit removed it.</summary>
public sealed class ProjectCommitChange
{
    public Guid ProjectId { get; set; }
    public int Seq { get; set; }
    public required string Path { get; set; }
    public string? Sha256 { get; set; }
}
