using DevBot.Projects;
using DevBot.Retrieval.Indexing;

namespace DevBot.Retrieval;

/// <summary>Indexes a project's files right after each commit (idempotent: unchanged files are skipped by hash).</summary>
public sealed class RetrievalFilesObserver(CodeIndexer indexer) : IProjectFilesObserver
{
    public Task OnFilesCommittedAsync(Guid projectId, IReadOnlyCollection<string> changedPaths, IReadOnlyCollection<string> removedPaths, CancellationToken cancellationToken) =>
        indexer.IndexProjectFilesAsync(projectId, changedPaths, removedPaths, cancellationToken);
}
