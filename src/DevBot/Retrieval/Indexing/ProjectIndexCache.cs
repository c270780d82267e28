using System.Collections.Concurrent;
using DevBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Retrieval.Indexing;

/// <summary>
/// Keeps recent projects' index snapshots in memory. A search asks the database only for the project's generation
/// (one row); when it moved on, only files of newer generations are read again. Several worker processes may index
/// the same database: each sees the others' changes through the generation. Least recently used projects are
/// dropped past <c>RETRIEVAL_CACHE_CHUNKS</c>.
/// </summary>
internal sealed class ProjectIndexCache(IOptions<RetrievalOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    private sealed class Entry(ProjectSnapshot snapshot, long lastUsed)
    {
        public ProjectSnapshot Snapshot { get; } = snapshot;

        public long LastUsed { get; set; } = lastUsed;
    }

    public async Task<ProjectSnapshot> GetAsync(DevBotDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        var generation = await db.Set<IndexedProject>().AsNoTracking()
            .Where(p => p.ProjectId == projectId)
            .Select(p => (long?)p.Generation)
            .FirstOrDefaultAsync(cancellationToken);
        if (generation is null)
        {
            return ProjectSnapshot.Empty(projectId);
        }

        if (TryCurrent(projectId, generation.Value) is { } current)
        {
            return current;
        }

        var gate = _locks.GetOrAdd(projectId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (TryCurrent(projectId, generation.Value) is { } loaded)
            {
                return loaded;
            }

            var previous = _entries.TryGetValue(projectId, out var entry) ? entry.Snapshot : null;
            var snapshot = await LoadAsync(db, projectId, generation.Value, previous, cancellationToken);
            _entries[projectId] = new Entry(snapshot, time.GetTimestamp());
            Evict(projectId);
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    private ProjectSnapshot? TryCurrent(Guid projectId, long generation)
    {
        if (_entries.TryGetValue(projectId, out var entry) && entry.Snapshot.Generation == generation)
        {
            entry.LastUsed = time.GetTimestamp();
            return entry.Snapshot;
        }

        return null;
    }

    /// <summary>
    /// Reads the file list, then the chunks newer than the previous snapshot. Each file takes the chunks of exactly
    /// its listed generation, so a concurrent re-index can make a file briefly absent, never duplicated or stale
    /// for longer than one search.
    /// </summary>
    private static async Task<ProjectSnapshot> LoadAsync(
        DevBotDbContext db, Guid projectId, long generation, ProjectSnapshot? previous, CancellationToken cancellationToken)
    {
        var files = await db.Set<IndexedFile>().AsNoTracking()
            .Where(f => f.ProjectId == projectId)
            .Select(f => new { f.Path, f.Generation, f.ContentHash })
            .ToDictionaryAsync(f => f.Path, f => new IndexedFileState(f.Generation, f.ContentHash), StringComparer.Ordinal, cancellationToken);
        var since = previous?.Generation ?? -1;
        var rows = await db.Set<StoredChunk>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Generation > since)
            .Select(c => new { c.Id, c.Path, c.StartLine, c.EndLine, c.Kind, c.Name, c.Definitions, c.ReferencedNames, c.Terms, c.TokenCount, c.Generation })
            .ToListAsync(cancellationToken);
        var fresh = rows
            .Select(r => ChunkRecords.FromRow(r.Id, r.Path, r.StartLine, r.EndLine, r.Kind, r.Name, r.Definitions, r.ReferencedNames, r.Terms, r.TokenCount, r.Generation))
            .ToLookup(c => c.Path, StringComparer.Ordinal);

        var chunks = new List<IndexedChunk>();
        foreach (var (path, (fileGeneration, _)) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (previous is not null && fileGeneration <= since
                && previous.Files.TryGetValue(path, out var known) && known.Generation == fileGeneration
                && previous.ChunksByPath.TryGetValue(path, out var kept))
            {
                chunks.AddRange(kept);
            }
            else
            {
                chunks.AddRange(fresh[path].Where(c => c.Generation == fileGeneration).OrderBy(c => c.StartLine));
            }
        }

        return new ProjectSnapshot(projectId, generation, chunks, files);
    }

    private void Evict(Guid keep)
    {
        var limit = options.Value.CacheChunks;
        var total = _entries.Values.Sum(e => (long)e.Snapshot.Chunks.Count);
        foreach (var (projectId, entry) in _entries.OrderBy(e => e.Value.LastUsed).ToList())
        {
            if (total <= limit)
            {
                break;
            }

            if (projectId != keep && _entries.TryRemove(projectId, out _))
            {
                total -= entry.Snapshot.Chunks.Count;
            }
        }
    }
}
