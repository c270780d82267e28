using DevBot.Projects;
using DevBot.Retrieval.Indexing;

namespace DevBot.Retrieval;

/// <summary>
/// Indexes a project's files right after each commit (idempotent: unchanged files are skipped by hash). Runs in a
/// scope of its own so its DbContext never touches the pipeline's unit of work.
/// </summary>
internal sealed class RetrievalFilesObserver(IServiceScopeFactory scopes) : IProjectFilesObserver
{
    public async Task OnFilesCommittedAsync(Guid projectId, IReadOnlyCollection<string> changedPaths, IReadOnlyCollection<string> removedPaths, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CodeIndexer>().IndexProjectFilesAsync(projectId, changedPaths, removedPaths, cancellationToken);
    }
}
