using DevBot.Data;
using DevBot.Observability;
using DevBot.Retrieval.Indexing;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Retrieval;

/// <summary>The size of the code index at scrape time: projects, files and chunks indexed, and cached embedding vectors.</summary>
internal sealed class RetrievalGauges(DevBotDbContext db) : IScrapedGauges
{
    public async Task<IReadOnlyList<GaugeFamily>> ReadAsync(CancellationToken cancellationToken)
    {
        var projects = await db.Set<IndexedProject>().CountAsync(cancellationToken);
        var files = await db.Set<IndexedFile>().CountAsync(cancellationToken);
        var chunks = await db.Set<StoredChunk>().CountAsync(cancellationToken);
        var embeddings = await db.Set<StoredEmbedding>().CountAsync(cancellationToken);
        return
        [
            new GaugeFamily("devbot_retrieval_index_entries", "Entries in the code index, by kind (all processes sharing the database).",
            [
                GaugeSample.Of(projects, new MetricLabel("kind", "projects")),
                GaugeSample.Of(files, new MetricLabel("kind", "files")),
                GaugeSample.Of(chunks, new MetricLabel("kind", "chunks")),
                GaugeSample.Of(embeddings, new MetricLabel("kind", "embeddings")),
            ]),
        ];
    }
}
