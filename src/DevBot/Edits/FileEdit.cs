namespace DevBot.Edits;

/// <summary>A change the implementer proposed for one file.</summary>
public abstract record FileEdit(string Path)
{
    /// <summary>The file's whole new content.</summary>
    public sealed record WholeFile(string Path, string Content) : FileEdit(Path);

    /// <summary>
    /// An Aider-style edit: replace the lines <paramref name="Search"/> with <paramref name="Replace"/>. An empty
    /// search creates a missing file, or appends to an existing one.
    /// </summary>
    public sealed record SearchReplace(string Path, string Search, string Replace) : FileEdit(Path);
}

/// <summary>What was read from an answer: the edits in order, and the blocks that could not be used.</summary>
public sealed record ParsedEdits(IReadOnlyList<FileEdit> Edits, IReadOnlyList<FailedEdit> Problems);
