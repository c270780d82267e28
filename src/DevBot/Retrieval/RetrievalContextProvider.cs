using DevBot.Agents;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Retrieval;

/// <summary>
/// The pipeline's code context from retrieval: the repository outline plus the best hybrid-ranked chunks for the
/// task, within the request's token budget. Files the agent sees in a newer state than the index (its own staged
/// edits) or no longer has are left out, so the prompt never shows an outdated copy. If the index fell behind the
/// committed files (a crash between commit and indexing), it is brought up to date first. Runs in a scope of its
/// own so its DbContext never touches the pipeline's unit of work.
/// </summary>
internal sealed class RetrievalContextProvider(IServiceScopeFactory scopes, ILogger<RetrievalContextProvider> logger) : ICodeContextProvider
{
    public async Task<CodeContext> GetContextAsync(CodeContextRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        await CatchUpAsync(db, scope.ServiceProvider.GetRequiredService<ProjectFileStore>(), scope.ServiceProvider.GetRequiredService<CodeIndexer>(), request.ProjectId, cancellationToken);

        var indexed = await db.Set<IndexedFile>().AsNoTracking()
            .Where(f => f.ProjectId == request.ProjectId)
            .Select(f => new { f.Path, f.ContentHash })
            .ToListAsync(cancellationToken);
        var outdated = indexed
            .Where(f => !request.Files.TryGetValue(f.Path, out var content) || ChunkRecords.Sha256(content) != f.ContentHash)
            .Select(f => f.Path)
            .ToList();

        var task = $"{request.TaskTitle}\n{request.TaskDetails}";
        var context = await scope.ServiceProvider.GetRequiredService<ContextAssembler>().AssembleAsync(request.ProjectId, task, request.BudgetTokens, outdated, cancellationToken);
        return new CodeContext(context.Text, context.Tokens);
    }

    private async Task CatchUpAsync(DevBotDbContext db, ProjectFileStore files, CodeIndexer indexer, Guid projectId, CancellationToken cancellationToken)
    {
        // Hashes only: the files' content is read again just for what has to be indexed.
        var committed = await files.HashesAsync(projectId, cancellationToken);
        var indexed = await db.Set<IndexedFile>().AsNoTracking()
            .Where(f => f.ProjectId == projectId)
            .Select(f => new { f.Path, f.ContentHash })
            .ToDictionaryAsync(f => f.Path, f => f.ContentHash, StringComparer.Ordinal, cancellationToken);
        var changed = committed.Where(f => !indexed.TryGetValue(f.Key, out var hash) || hash != f.Value).Select(f => f.Key).ToList();
        var removed = indexed.Keys.Where(p => !committed.ContainsKey(p)).ToList();
        if (changed.Count > 0 || removed.Count > 0)
        {
            logger.LogInformation("Index of project {ProjectId} was behind by {Count} files; catching up", projectId, changed.Count + removed.Count);
            await indexer.IndexProjectFilesAsync(projectId, changed, removed, cancellationToken);
        }
    }
}
