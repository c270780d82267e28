using DevBot.Edits;
using DevBot.Projects;

namespace DevBot.Tests.Edits;

/// <summary>Files in a dictionary, for unit tests of the applier; refuses what <see cref="Refusals"/> names and counts writes.</summary>
internal sealed class MemoryFiles(params (string Path, string Content)[] files) : IEditableFiles
{
    public Dictionary<string, string> Files { get; } = files.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);

    public Dictionary<string, string> Refusals { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> WriteErrors { get; } = new(StringComparer.Ordinal);

    public List<string> Writes { get; } = [];

    public string this[string path] => Files[path];

    public FileRead Read(string path) =>
        Refusals.TryGetValue(path, out var refusal) ? FileRead.Refused(refusal)
        : Files.TryGetValue(path, out var content) ? FileRead.Text(content)
        : FileRead.Missing;

    public string? RefuseNewFile(string path, IReadOnlyCollection<string> createdBefore) =>
        PathCollisions.Find(Files.Keys.Concat(createdBefore), path);

    public string? Write(string path, string content)
    {
        if (WriteErrors.TryGetValue(path, out var error))
        {
            return error;
        }

        Writes.Add(path);
        Files[path] = content;
        return null;
    }
}
