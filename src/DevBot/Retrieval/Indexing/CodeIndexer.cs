using System.Diagnostics;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Embeddings;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Retrieval.Indexing;

/// <summary>A file to index: its project-relative path and its text.</summary>
internal sealed record SourceFile(string Path, string Content);

internal sealed record IndexResult(int FilesIndexed, int FilesUnchanged, int FilesRemoved, int ChunksWritten, int Embedded, TimeSpan Elapsed);

/// <summary>
/// Keeps a project's index in step with its files. A changed file's old chunks are deleted and its new ones
/// written in the same transaction, under a new generation of the project's index, so search never sees a
/// stale or half-written file. Embeddings follow afterwards and never fail the indexing.
/// </summary>
internal sealed class CodeIndexer(
    DevBotDbContext db,
    ProjectFileStore projectFiles,
    EmbeddingIndexer embeddings,
    TimeProvider time,
    RetrievalMetrics metrics,
    ILogger<CodeIndexer> logger)
{
    /// <summary>Larger files are generated or minified, not code worth retrieving.</summary>
    public const int MaxIndexedChars = 1_000_000;

    /// <summary>Indexes the named files as they are now stored in <c>project_files</c>, and forgets the removed ones.</summary>
    public async Task<IndexResult> IndexProjectFilesAsync(
        Guid projectId, IReadOnlyCollection<string> changedPaths, IReadOnlyCollection<string> removedPaths, CancellationToken cancellationToken)
    {
        var wanted = changedPaths.Distinct(StringComparer.Ordinal).ToList();
        var files = (await projectFiles.LoadAsync(projectId, wanted, cancellationToken)).Select(f => new SourceFile(f.Key, f.Value)).ToList();

        // A path said to have changed but no longer stored was removed.
        var missing = wanted.Except(files.Select(f => f.Path), StringComparer.Ordinal);
        return await IndexAsync(projectId, files, removedPaths.Concat(missing).ToList(), cancellationToken);
    }

    /// <summary>Brings the whole index of a project in line with <c>project_files</c>.</summary>
    public async Task<IndexResult> ReindexProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var files = (await projectFiles.LoadAsync(projectId, cancellationToken)).Select(f => new SourceFile(f.Key, f.Value)).ToList();
        var present = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var indexed = await db.Set<IndexedFile>().AsNoTracking().Where(f => f.ProjectId == projectId).Select(f => f.Path).ToListAsync(cancellationToken);
        return await IndexAsync(projectId, files, indexed.Where(p => !present.Contains(p)).ToList(), cancellationToken);
    }

    public async Task<IndexResult> IndexAsync(
        Guid projectId, IReadOnlyList<SourceFile> files, IReadOnlyCollection<string> removedPaths, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var paths = files.Select(f => f.Path).ToList();
        var known = await db.Set<IndexedFile>().AsNoTracking()
            .Where(f => f.ProjectId == projectId && paths.Contains(f.Path))
            .Select(f => new { f.Path, f.ContentHash })
            .ToDictionaryAsync(f => f.Path, f => f.ContentHash, StringComparer.Ordinal, cancellationToken);

        var changed = new List<(SourceFile File, string Hash)>();
        foreach (var file in files.DistinctBy(f => f.Path, StringComparer.Ordinal))
        {
            var hash = ChunkRecords.Sha256(file.Content);
            if (!known.TryGetValue(file.Path, out var old) || old != hash)
            {
                changed.Add((file, hash));
            }
        }

        var removed = removedPaths.Where(p => !paths.Contains(p, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (changed.Count == 0 && removed.Count == 0)
        {
            // Nothing new to chunk, but vectors missing after an embedding outage are filled in now.
            var caughtUp = await embeddings.EmbedMissingAsync(projectId, cancellationToken);
            var unchanged = Stopwatch.GetElapsedTime(started);
            if (caughtUp > 0)
            {
                metrics.Indexed(0, 0, caughtUp, unchanged);
            }

            return new IndexResult(0, files.Count, 0, 0, caughtUp, unchanged);
        }

        // Chunking is pure CPU work: done before the transaction so the write lock is held briefly.
        var chunked = changed.Select(c => (c.File, c.Hash, Chunks: Chunk(c.File))).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var chunksWritten = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var generation = await NextGenerationAsync(projectId, now, cancellationToken);
            var replaced = removed.Concat(chunked.Select(c => c.File.Path)).ToList();
            foreach (var batch in replaced.Chunk(500))
            {
                // Cascades to the files' chunks: nothing of an old version survives.
                await db.Set<IndexedFile>().Where(f => f.ProjectId == projectId && batch.Contains(f.Path)).ExecuteDeleteAsync(cancellationToken);
            }

            foreach (var (file, hash, chunks) in chunked)
            {
                db.Set<IndexedFile>().Add(new IndexedFile
                {
                    ProjectId = projectId,
                    Path = file.Path,
                    ContentHash = hash,
                    Language = SourceLanguages.FromPath(file.Path).ToString().ToLowerInvariant(),
                    Generation = generation,
                    ChunkCount = chunks.Count,
                    IndexedAt = now,
                });
                db.Set<StoredChunk>().AddRange(chunks.Select(c => ChunkRecords.ToRow(projectId, c, generation)));
                chunksWritten += chunks.Count;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        });

        var embedded = await embeddings.EmbedMissingAsync(projectId, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Indexed(chunked.Count, chunksWritten, embedded, elapsed);
        logger.LogInformation(
            "Indexed project {ProjectId}: {Files} files, {Chunks} chunks, {Removed} removed, {Embedded} embedded in {Elapsed} ms",
            projectId, chunked.Count, chunksWritten, removed.Count, embedded, (long)elapsed.TotalMilliseconds);
        return new IndexResult(chunked.Count, files.Count - chunked.Count, removed.Count, chunksWritten, embedded, elapsed);
    }

    private IReadOnlyList<CodeChunk> Chunk(SourceFile file)
    {
        if (file.Content.Length > MaxIndexedChars || file.Content.Contains('\0', StringComparison.Ordinal))
        {
            return []; // Too large to be hand-written, or binary: recorded as indexed, with nothing to search.
        }

        return CodeChunker.Chunk(file.Path, file.Content);
    }

    private async Task<long> NextGenerationAsync(Guid projectId, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = await DbCommands.CreateAsync(db, """
            INSERT INTO retrieval_projects (project_id, generation, updated_at) VALUES (@project, 1, @now)
            ON CONFLICT (project_id) DO UPDATE SET generation = retrieval_projects.generation + 1, updated_at = @now
            RETURNING generation
            """, cancellationToken);
        command.With("@project", db.IsPostgres ? projectId : projectId.ToString().ToUpperInvariant()).With("@now", now);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
