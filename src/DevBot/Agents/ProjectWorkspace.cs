using System.Security.Cryptography;
using System.Text;
using DevBot.Edits;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>
/// The project's files as of the last approved task, plus the changes staged by the task in progress.
/// Rebuilt from stored answers on resume, so applying edits must be deterministic (it is: <see cref="EditApplier"/>).
/// </summary>
public sealed class ProjectWorkspace
{
    private readonly Dictionary<string, string> _committed;
    private readonly Dictionary<string, string> _files;

    public ProjectWorkspace(IEnumerable<KeyValuePair<string, string>> committedFiles, ProjectLimits limits)
    {
        _committed = new Dictionary<string, string>(committedFiles, StringComparer.Ordinal);
        _files = new Dictionary<string, string>(_committed, StringComparer.Ordinal);
        Limits = limits;
    }

    public ProjectLimits Limits { get; }

    public IReadOnlyDictionary<string, string> Files => _files;

    public IReadOnlyDictionary<string, string> CommittedFiles => _committed;

    /// <summary>Paths whose content differs from the committed state.</summary>
    public IReadOnlyList<string> ChangedPaths =>
        _files.Where(f => !_committed.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Applies edits in order (see <see cref="EditApplier"/>); the report says which applied and why the others did not.</summary>
    public EditReport Apply(IReadOnlyList<FileEdit> edits) => EditApplier.Apply(new Target(this), edits, Limits.MaxFileBytes);

    /// <summary>Applies an answer's edits; the blocks the parser could not use are the first failures of the report.</summary>
    public EditReport Apply(ParsedEdits parsed) => EditApplier.Apply(new Target(this), parsed, Limits.MaxFileBytes);

    /// <summary>A fingerprint of the staged changes, to spot a model producing the same edit again and again.</summary>
    public string ChangeFingerprint()
    {
        var builder = new StringBuilder();
        foreach (var path in ChangedPaths)
        {
            builder.Append(path).Append('\0').Append(_files[path]).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>The workspace's files as the applier sees them: the file-count limit and name collisions are checked here.</summary>
    private sealed class Target(ProjectWorkspace workspace) : IEditableFiles
    {
        public FileRead Read(string path) =>
            workspace._files.TryGetValue(path, out var content) ? FileRead.Text(content) : FileRead.Missing;

        public string? RefuseNewFile(string path, IReadOnlyCollection<string> createdBefore)
        {
            var limit = workspace.Limits.MaxFiles;
            return workspace._files.Count + createdBefore.Count >= limit
                ? $"The project already has {limit} files, the limit; {path} was not created."
                : PathCollisions.Find(workspace._files.Keys.Concat(createdBefore), path);
        }

        public string? Write(string path, string content)
        {
            workspace._files[path] = content;
            return null;
        }
    }
}
