using DevBot.Data;
using DevBot.Retrieval.Indexing;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Retrieval.Embeddings;

/// <summary>
/// Embeds the chunks of a project that have no cached vector for the configured model, in batches. Stops at the
/// first failure (the client then rests the endpoint); whatever is missing is filled in by a later pass.
/// </summary>
internal sealed class EmbeddingIndexer(DevBotDbContext db, EmbeddingClient client, EmbeddingStore store, TimeProvider time)
{
    public async Task<int> EmbedMissingAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (!client.IsAvailable || client.Model is not { } model)
        {
            return 0;
        }

        var missing = await db.Set<StoredChunk>().AsNoTracking()
            .Where(c => c.ProjectId == projectId
                && !db.Set<StoredEmbedding>().Any(e => e.Model == model && e.ContentHash == c.EmbeddingHash))
            .Select(c => new { c.EmbeddingHash, c.Path, c.Content })
            .ToListAsync(cancellationToken);

        var embedded = 0;
        foreach (var batch in missing.DistinctBy(m => m.EmbeddingHash).Chunk(client.BatchSize))
        {
            var vectors = await client.EmbedAsync(
                batch.Select(m => ChunkRecords.EmbeddingText(m.Path, m.Content, client.MaxChars)).ToList(), cancellationToken);
            if (vectors is null)
            {
                break;
            }

            await store.SaveAsync(db, model, batch.Select((m, i) => (m.EmbeddingHash, vectors[i])).ToList(), time.GetUtcNow().UtcDateTime, cancellationToken);
            embedded += batch.Length;
        }

        return embedded;
    }
}
