using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using DevBot.Data;
using DevBot.Retrieval.Indexing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pgvector;

namespace DevBot.Retrieval.Embeddings;

/// <summary>How the embedding column is stored in this database.</summary>
internal enum VectorStorage
{
    /// <summary>SQLite: little-endian float32 BLOB, compared in the application.</summary>
    Blob,

    /// <summary>PostgreSQL with pgvector: <c>vector</c>, compared by the database with <c>&lt;=&gt;</c> (cosine distance).</summary>
    PgVector,

    /// <summary>PostgreSQL without pgvector: <c>real[]</c>, compared in the application.</summary>
    RealArray,
}

/// <summary>One row of a pgvector search.</summary>
internal sealed record VectorMatch(Guid ChunkId, double Similarity);

/// <summary>
/// Reads and writes cached embeddings, and finds a project's chunks nearest to a query vector: in PostgreSQL
/// with pgvector's cosine operator, otherwise by an exact scan of the project's vectors with SIMD
/// (<see cref="TensorPrimitives.CosineSimilarity(ReadOnlySpan{float}, ReadOnlySpan{float})"/>).
/// </summary>
internal sealed class EmbeddingStore
{
    private readonly ConcurrentDictionary<string, VectorStorage> _storageByDatabase = new(StringComparer.Ordinal);

    public async Task<VectorStorage> StorageAsync(DevBotDbContext db, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            return VectorStorage.Blob;
        }

        var key = db.Database.GetConnectionString() ?? string.Empty;
        if (_storageByDatabase.TryGetValue(key, out var known))
        {
            return known;
        }

        await using var command = await DbCommands.CreateAsync(db, """
            SELECT format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            WHERE a.attrelid = 'retrieval_embeddings'::regclass AND a.attname = 'embedding'
            """, cancellationToken);
        var type = (string?)await command.ExecuteScalarAsync(cancellationToken);
        var storage = type == "vector" ? VectorStorage.PgVector : VectorStorage.RealArray;
        if (storage == VectorStorage.PgVector)
        {
            // The data source learns the database's types when it first connects. If that was before the migration
            // (or another process) created the extension, it does not know `vector` yet and writing a Vector would
            // throw InvalidCastException: reload them once, now that the column is known to be a vector.
            await ((NpgsqlConnection)db.Database.GetDbConnection()).ReloadTypesAsync(cancellationToken);
        }

        _storageByDatabase[key] = storage;
        return storage;
    }

    public async Task SaveAsync(DevBotDbContext db, string model, IReadOnlyList<(string Hash, float[] Vector)> items, DateTime now, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        var storage = await StorageAsync(db, cancellationToken);
        var sql = new StringBuilder("INSERT INTO retrieval_embeddings (model, content_hash, dimensions, embedding, created_at) VALUES ");
        for (var i = 0; i < items.Count; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append($"(@model, @h{i}, @d{i}, @v{i}, @now)");
        }

        sql.Append(" ON CONFLICT (model, content_hash) DO NOTHING");
        await using var command = await DbCommands.CreateAsync(db, sql.ToString(), cancellationToken);
        command.With("@model", model).With("@now", now);
        for (var i = 0; i < items.Count; i++)
        {
            var vector = items[i].Vector;
            command.With($"@h{i}", items[i].Hash).With($"@d{i}", vector.Length)
                .With($"@v{i}", storage switch
                {
                    VectorStorage.Blob => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(),
                    VectorStorage.PgVector => new Vector(vector), // Written as pgvector's binary type (Pgvector package).
                    _ => vector,
                });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The project's chunks most similar to <paramref name="query"/> (cosine similarity, best first).</summary>
    public async Task<IReadOnlyList<(Guid ChunkId, double Similarity)>> NearestAsync(
        DevBotDbContext db, Guid projectId, string model, float[] query, int limit, CancellationToken cancellationToken)
    {
        var storage = await StorageAsync(db, cancellationToken);
        if (storage == VectorStorage.PgVector)
        {
            // LATERAL ... LIMIT 1 (never pulled up into a hash join): one primary-key probe per chunk of the project,
            // whatever the statistics say, never a scan of every project's vectors. The ranking itself is exact
            // (no ANN index: see docs/benchmarks.md for why). The Vector parameter is mapped by Pgvector.EntityFrameworkCore.
            var vector = new Vector(query);
            var found = await db.Database.SqlQuery<VectorMatch>($"""
                WITH q AS (SELECT {vector} AS v)
                SELECT c.id AS "ChunkId", 1 - (e.embedding <=> q.v) AS "Similarity"
                FROM retrieval_chunks c
                CROSS JOIN q
                JOIN LATERAL (
                    SELECT x.embedding FROM retrieval_embeddings x
                    WHERE x.model = {model} AND x.content_hash = c.embedding_hash AND x.dimensions = {query.Length}
                    LIMIT 1
                ) e ON true
                WHERE c.project_id = {projectId}
                ORDER BY e.embedding <=> q.v
                LIMIT {limit}
                """).ToListAsync(cancellationToken);
            return found.Select(f => (f.ChunkId, f.Similarity)).ToList();
        }

        return await ScanAsync(db, projectId, model, query, limit, storage, cancellationToken);
    }

    private static async Task<IReadOnlyList<(Guid ChunkId, double Similarity)>> ScanAsync(
        DevBotDbContext db, Guid projectId, string model, float[] query, int limit, VectorStorage storage, CancellationToken cancellationToken)
    {
        await using var command = await DbCommands.CreateAsync(db, db.IsPostgres
            ? """
              SELECT c.id, e.embedding
              FROM retrieval_chunks c
              JOIN LATERAL (
                  SELECT x.embedding FROM retrieval_embeddings x
                  WHERE x.model = @model AND x.content_hash = c.embedding_hash AND x.dimensions = @dimensions
                    LIMIT 1
              ) e ON true
              WHERE c.project_id = @project
              """
            : """
              SELECT c.id, e.embedding
              FROM retrieval_chunks c
              JOIN retrieval_embeddings e ON e.model = @model AND e.content_hash = c.embedding_hash
              WHERE c.project_id = @project AND e.dimensions = @dimensions
              """, cancellationToken);
        command.With("@model", model).With("@project", db.IsPostgres ? projectId : projectId.ToString().ToUpperInvariant())
            .With("@dimensions", query.Length);
        var best = new PriorityQueue<Guid, double>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = db.IsPostgres ? reader.GetGuid(0) : Guid.Parse(reader.GetString(0));
            double similarity;
            if (storage == VectorStorage.Blob)
            {
                var bytes = (byte[])reader.GetValue(1);
                similarity = TensorPrimitives.CosineSimilarity(query, MemoryMarshal.Cast<byte, float>(bytes));
            }
            else
            {
                similarity = TensorPrimitives.CosineSimilarity(query, reader.GetFieldValue<float[]>(1));
            }

            best.Enqueue(id, similarity);
            if (best.Count > limit)
            {
                best.Dequeue(); // Drops the least similar: the queue keeps the best `limit`.
            }
        }

        var result = new List<(Guid, double)>(best.Count);
        while (best.TryDequeue(out var id, out var similarity))
        {
            result.Add((id, similarity));
        }

        result.Reverse();
        return result;
    }
}
