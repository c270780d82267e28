namespace DevBot.Projects;

/// <summary>Told after a project's files were committed (e.g. to index them for retrieval).</summary>
public interface IProjectFilesObserver
{
    /// <summary>Must be idempotent: after a crash it may be told about the same commit again, or miss one.</summary>
    Task OnFilesCommittedAsync(Guid projectId, IReadOnlyCollection<string> changedPaths, IReadOnlyCollection<string> removedPaths, CancellationToken cancellationToken);
}
