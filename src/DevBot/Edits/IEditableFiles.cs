namespace DevBot.Edits;

/// <summary>
/// The files edits apply to: a build's in-memory workspace, or a folder on disk. The applier reads each file once,
/// works on its own copy, checks the size and text rules, and writes each changed file once at the end.
/// </summary>
public interface IEditableFiles
{
    /// <summary>The file's current text; <see cref="FileRead.Missing"/> when there is none; a refusal when it must not be edited.</summary>
    FileRead Read(string path);

    /// <summary>
    /// Why a file that does not exist yet may not be created at <paramref name="path"/> (a collision with another
    /// file's name, a limit on the number of files), given the files this apply created before it; null when it may.
    /// </summary>
    string? RefuseNewFile(string path, IReadOnlyCollection<string> createdBefore);

    /// <summary>Stores the new text; returns why it could not be stored, or null.</summary>
    string? Write(string path, string content);
}

/// <summary>A file as read for editing: its text, or that there is none, or why it may not be edited.</summary>
public sealed record FileRead(string? Content, string? Refusal)
{
    public static FileRead Missing { get; } = new(null, null);

    public static FileRead Text(string content) => new(content, null);

    public static FileRead Refused(string reason) => new(null, reason);
}
