using System.Diagnostics;
using System.Globalization;
using System.Text;
using DevBot.Data;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace DevBot.Benchmarks;

/// <summary>
/// Many projects in one PostgreSQL database (e.g. 1,000 × 1,000 chunks), bulk-loaded with COPY from real chunks of a
/// corpus, one random vector per chunk; then per-project queries: pgvector top-k, first (cold) hybrid search, warm
/// hybrid search and context assembly.
/// </summary>
internal static class PostgresScale
{
    private const string Model = "bench-random";

    /// <param name="hnsw">Also build a partial HNSW index for this model's dimension and compare it with the exact search.</param>
    public static async Task RunAsync(string corpusPath, string postgresUrl, int projects, int chunksPerProject, int dimensions, int queryCount, bool hnsw = false)
    {
        var corpus = Corpus.Load(corpusPath);
        var pool = corpus.Select(f => (File: f, Chunks: CodeChunker.Chunk(f.Path, f.Content))).Where(f => f.Chunks.Count > 0).ToList();
        Console.WriteLine($"corpus {corpusPath}: {pool.Count} files, {pool.Sum(p => p.Chunks.Count)} chunks; target {projects} projects × {chunksPerProject} chunks, {dimensions}-d vectors");

        await using var host = await BenchHost.StartAsync(postgresUrl);
        var projectIds = new List<Guid>();
        var load = Stopwatch.StartNew();
        var sourceBuilder = new NpgsqlDataSourceBuilder(postgresUrl);
        sourceBuilder.UseVector();
        await using var dataSource = sourceBuilder.Build();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var random = new Random(5);
            var cursor = 0;
            var totalChunks = 0L;
            for (var p = 0; p < projects; p++)
            {
                var projectId = Guid.CreateVersion7();
                projectIds.Add(projectId);
                await ExecuteAsync(connection, "INSERT INTO projects (id, user_id, title, description, status, cancel_requested, created_at, updated_at) VALUES (@id, @user, 'bench', 'bench', 'completed', false, now(), now())",
                    ("id", projectId), ("user", host.UserId));
                var files = new List<(SourceFile File, IReadOnlyList<CodeChunk> Chunks)>();
                var count = 0;
                while (count < chunksPerProject)
                {
                    var next = pool[cursor++ % pool.Count];
                    files.Add(next);
                    count += next.Chunks.Count;
                }

                totalChunks += await CopyProjectAsync(connection, projectId, files, random, dimensions);
                if ((p + 1) % 100 == 0)
                {
                    Console.WriteLine($"  loaded {p + 1} projects, {totalChunks:N0} chunks, {load.Elapsed.TotalSeconds:F0} s");
                }
            }

            await ExecuteAsync(connection, "ANALYZE");
            Console.WriteLine($"loaded {totalChunks:N0} chunks in {projects} projects in {load.Elapsed.TotalSeconds:F0} s; database size {await ScalarAsync(connection, "SELECT pg_size_pretty(pg_database_size(current_database()))")}");
        }

        var random2 = new Random(9);
        var vector = new Latencies();
        var cold = new Latencies();
        var warm = new Latencies();
        var context = new Latencies();
        var queries = await QueryLatency.QueriesAsync(postgresUrl, projectIds[0], queryCount);
        await using var fresh = await BenchHost.StartAsync(postgresUrl, createUser: false);
        for (var i = 0; i < queryCount; i++)
        {
            var projectId = projectIds[random2.Next(projectIds.Count)];
            var q = QueryLatency.RandomVector(random2, dimensions);
            await vector.TimeAsync(() => fresh.InScopeAsync(s => s.GetRequiredService<EmbeddingStore>()
                .NearestAsync(s.GetRequiredService<DevBotDbContext>(), projectId, Model, q, 10, CancellationToken.None)));
        }

        var sampled = projectIds.OrderBy(_ => random2.Next()).Take(Math.Min(queryCount, projectIds.Count)).ToList();
        for (var i = 0; i < sampled.Count; i++)
        {
            var query = queries[i % queries.Count];
            await cold.TimeAsync(() => fresh.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(sampled[i], query)));
            await warm.TimeAsync(() => fresh.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(sampled[i], query)));
            await context.TimeAsync(() => fresh.InScopeAsync(s => s.GetRequiredService<ContextAssembler>().AssembleAsync(sampled[i], query, 6000)));
        }

        Console.WriteLine($"  pgvector top-10 in one project (random projects):          {vector.Summary}");
        Console.WriteLine($"  first hybrid search of a project (loads its snapshot):    {cold.Summary}");
        Console.WriteLine($"  hybrid search, warm (BM25 + symbol graph + RRF):           {warm.Summary}");
        Console.WriteLine($"  context assembly, warm (budget 6000 tokens):               {context.Summary}");
        if (hnsw)
        {
            await CompareWithHnswAsync(dataSource, fresh, projectIds, dimensions, queryCount);
        }
    }

    /// <summary>
    /// The per-project top-10 through a partial HNSW index over the typed expression <c>embedding::vector(d)</c>
    /// (pgvector 0.8 iterative scans, so the project filter can be met), against the exact search DevBot runs:
    /// build time, index size, latency and recall@10.
    /// </summary>
    private static async Task CompareWithHnswAsync(NpgsqlDataSource dataSource, BenchHost host, List<Guid> projectIds, int dimensions, int queryCount)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var build = Stopwatch.StartNew();
        await ExecuteAsync(connection, $"""
            CREATE INDEX bench_hnsw ON retrieval_embeddings USING hnsw ((embedding::vector({dimensions})) vector_cosine_ops)
            WHERE model = '{Model}' AND dimensions = {dimensions}
            """);
        build.Stop();
        Console.WriteLine($"  HNSW index (m 16, ef_construction 64) built in {build.Elapsed.TotalSeconds:F0} s, {await ScalarAsync(connection, "SELECT pg_size_pretty(pg_relation_size('bench_hnsw'))")}");
        await ExecuteAsync(connection, "SET hnsw.iterative_scan = relaxed_order");
        await ExecuteAsync(connection, "SET hnsw.ef_search = 100");
        var random = new Random(11);
        var exact = new Latencies();
        var approximate = new Latencies();
        double recall = 0;
        for (var i = 0; i < queryCount; i++)
        {
            var projectId = projectIds[random.Next(projectIds.Count)];
            var q = QueryLatency.RandomVector(random, dimensions);
            var truth = await exact.TimeAsync(() => host.InScopeAsync(s => s.GetRequiredService<EmbeddingStore>()
                .NearestAsync(s.GetRequiredService<DevBotDbContext>(), projectId, Model, q, 10, CancellationToken.None)));
            var found = await approximate.TimeAsync(async () =>
            {
                var ids = new List<Guid>();
                await using var command = new NpgsqlCommand($"""
                    SELECT c.id FROM retrieval_embeddings e
                    JOIN retrieval_chunks c ON c.embedding_hash = e.content_hash AND c.project_id = $1
                    WHERE e.model = '{Model}' AND e.dimensions = {dimensions}
                    ORDER BY e.embedding::vector({dimensions}) <=> $2::vector({dimensions})
                    LIMIT 10
                    """, connection) { Parameters = { new() { Value = projectId }, new() { Value = new Vector(q) } } };
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetGuid(0));
                }

                return ids;
            });
            recall += truth.Count == 0 ? 1 : truth.Count(t => found.Contains(t.ChunkId)) / (double)truth.Count;
        }

        Console.WriteLine($"  exact top-10 (DevBot's query):                              {exact.Summary}");
        Console.WriteLine($"  HNSW top-10 (iterative scan, ef_search 100):                {approximate.Summary}; recall@10 {100 * recall / queryCount:F0} %");
        await ExecuteAsync(connection, "DROP INDEX bench_hnsw");
    }

    private static async Task<int> CopyProjectAsync(NpgsqlConnection connection, Guid projectId, List<(SourceFile File, IReadOnlyList<CodeChunk> Chunks)> files, Random random, int dimensions)
    {
        var rows = files.SelectMany(f => f.Chunks.Select(c => ChunkRecords.ToRow(projectId, c, 1))).ToList();
        foreach (var row in rows)
        {
            row.EmbeddingHash = row.Id.ToString("N"); // One vector per chunk: a million distinct vectors, no cache hits.
        }

        await ExecuteAsync(connection, "INSERT INTO retrieval_projects (project_id, generation, updated_at) VALUES (@id, 1, now())", ("id", projectId));
        await using (var writer = await connection.BeginTextImportAsync("COPY retrieval_files (project_id, path, content_hash, language, generation, chunk_count, indexed_at) FROM STDIN"))
        {
            foreach (var (file, chunks) in files)
            {
                await writer.WriteLineAsync(Row(projectId, file.Path, ChunkRecords.Sha256(file.Content), SourceLanguages.FromPath(file.Path).ToString().ToLowerInvariant(), 1, chunks.Count, "2026-01-01 00:00:00+00"));
            }
        }

        await using (var writer = await connection.BeginTextImportAsync(
            "COPY retrieval_chunks (id, project_id, path, start_line, end_line, kind, name, content, embedding_hash, definitions, referenced_names, terms, term_count, token_count, generation) FROM STDIN"))
        {
            foreach (var c in rows)
            {
                await writer.WriteLineAsync(Row(c.Id, projectId, c.Path, c.StartLine, c.EndLine, c.Kind, c.Name, c.Content, c.EmbeddingHash, c.Definitions, c.ReferencedNames, c.Terms, c.TermCount, c.TokenCount, 1));
            }
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY retrieval_embeddings (model, content_hash, dimensions, embedding, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            var now = DateTime.UtcNow;
            foreach (var c in rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(Model, NpgsqlDbType.Text);
                await importer.WriteAsync(c.EmbeddingHash, NpgsqlDbType.Text);
                await importer.WriteAsync(dimensions, NpgsqlDbType.Integer);
                await importer.WriteAsync(new Vector(QueryLatency.RandomVector(random, dimensions)), "vector");
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        return rows.Count;
    }

    private static string Row(params object?[] values) => string.Join('\t', values.Select(Field));

    private static string Field(object? value) => value switch
    {
        null => "\\N",
        Guid g => g.ToString(),
        string s => new StringBuilder(s).Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r").ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "\\N",
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
