namespace DevBot.Agents;

/// <summary>A change the implementer proposed for one file.</summary>
public abstract record FileEdit(string Path)
{
    /// <summary>The file's whole new content.</summary>
    public sealed record WholeFile(string Path, string Content) : FileEdit(Path);

    /// <summary>An Aider-style edit: replace the text <paramref name="Search"/> with <paramref name="Replace"/> (empty search creates the file).</summary>
    public sealed record SearchReplace(string Path, string Search, string Replace) : FileEdit(Path);
}

/// <summary>What was read from an answer: the edits, and sentences about blocks that could not be used.</summary>
public sealed record ParsedEdits(IReadOnlyList<FileEdit> Edits, IReadOnlyList<string> Problems);
