namespace DevBot.Edits;

/// <summary>
/// What applying a model's edits did: every block is in exactly one of <see cref="Applied"/>,
/// <see cref="AlreadyApplied"/> and <see cref="Failed"/>. Failed blocks left their files as they were; only they
/// need to be asked for again.
/// </summary>
public sealed record EditReport(
    IReadOnlyList<AppliedEdit> Applied,
    IReadOnlyList<AppliedEdit> AlreadyApplied,
    IReadOnlyList<FailedEdit> Failed,
    IReadOnlyList<string> ChangedFiles)
{
    public static EditReport Empty { get; } = new([], [], [], []);

    /// <summary>True when no block failed (applied or already applied).</summary>
    public bool Succeeded => Failed.Count == 0;

    /// <summary>The failures as feedback for the model: one paragraph per failed block.</summary>
    public IReadOnlyList<string> Feedback => Failed.Select(f => f.Feedback).ToList();
}

/// <summary>A block that applied (or was found already applied), and how its text was located.</summary>
public sealed record AppliedEdit(FileEdit Edit, EditMatch Match)
{
    public string Path => Edit.Path;
}

/// <summary>
/// A block that did not apply. <see cref="Path"/> is null when the block named no usable path; <see cref="Edit"/>
/// is null when the block could not even be read as an edit. <see cref="DidYouMean"/> holds the file's lines closest
/// to the SEARCH text, verbatim, when some are close enough to help.
/// </summary>
public sealed record FailedEdit(string? Path, string Reason, string? DidYouMean = null, FileEdit? Edit = null)
{
    /// <summary>The reason, followed by the closest lines when there are some, ready to send back to the model.</summary>
    public string Feedback => DidYouMean is null
        ? Reason
        : $"{Reason}\nThe closest lines in {Path} are:\n```\n{DidYouMean}\n```";
}

/// <summary>Which rule of the matching ladder located a block's text (or what kind of write it was).</summary>
public enum EditMatch
{
    /// <summary>A whole-file block.</summary>
    WholeFile,

    /// <summary>An empty SEARCH that created a missing file.</summary>
    Created,

    /// <summary>An empty SEARCH that appended to an existing file.</summary>
    Appended,

    /// <summary>The SEARCH lines, exactly.</summary>
    Exact,

    /// <summary>The SEARCH lines at another uniform indentation (or in tabs instead of spaces); REPLACE re-indented.</summary>
    Indentation,

    /// <summary>The SEARCH lines, ignoring trailing whitespace.</summary>
    TrailingWhitespace,

    /// <summary>The SEARCH lines without a blank line the model added before or after them.</summary>
    BlankLines,

    /// <summary>The pieces of a SEARCH split at its <c>...</c> lines, each found once, in order.</summary>
    Elision,

    /// <summary>The SEARCH text found once inside lines (it does not start or end at a line boundary).</summary>
    InsideLines,
}
