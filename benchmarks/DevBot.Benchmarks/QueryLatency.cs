using System.Diagnostics;
using DevBot.Data;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Lexical;
using DevBot.Retrieval.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Benchmarks;

/// <summary>
/// Per-project query latency at a given number of chunks: the first search (snapshot load), warm hybrid search
/// (BM25 + symbol graph + fusion), warm context assembly, and vector nearest-neighbour search over random vectors.
/// </summary>
internal static class QueryLatency
{
    public static async Task RunAsync(string corpusPath, IReadOnlyList<int> sizes, string? postgresUrl, int queryCount, int dimensions)
    {
        var corpus = Corpus.Load(corpusPath);
        var chunkCounts = corpus.ToDictionary(f => f.Path, f => CodeChunker.Chunk(f.Path, f.Content).Count);
        var corpusChunks = chunkCounts.Values.Sum();
        var databaseUrl = BenchHost.DatabaseUrlFor(postgresUrl);
        Console.WriteLine($"database: {(postgresUrl is null ? "SQLite" : "PostgreSQL")}; corpus {corpusPath}: {corpus.Count} files, {corpusChunks} chunks; vectors {dimensions}-d");

        foreach (var size in sizes)
        {
            var files = new List<SourceFile>();
            var total = 0;
            foreach (var file in Corpus.Replicated(corpus, corpusChunks, size))
            {
                if (total >= size)
                {
                    break;
                }

                files.Add(file);
                total += chunkCounts[file.Path[(file.Path.IndexOf('/', StringComparison.Ordinal) + 1)..]];
            }

            Guid projectId;
            await using (var loader = await BenchHost.StartAsync(databaseUrl))
            {
                projectId = await loader.CreateProjectAsync($"latency-{size}");
                var indexing = Stopwatch.StartNew();
                foreach (var batch in files.Chunk(200))
                {
                    await loader.InScopeAsync(s => s.GetRequiredService<CodeIndexer>().IndexAsync(projectId, batch, [], CancellationToken.None));
                }

                var vectors = await StoreRandomVectorsAsync(loader, projectId, dimensions);
                Console.WriteLine($"\n== {total} chunks in {files.Count} files (indexed in {indexing.Elapsed.TotalSeconds:F1} s, {vectors} vectors)");
            }

            var queries = await QueriesAsync(databaseUrl, projectId, queryCount);
            var cold = new Latencies();
            for (var i = 0; i < 3; i++)
            {
                // A new process: nothing of the project in memory yet.
                await using var fresh = await BenchHost.StartAsync(databaseUrl, createUser: false);
                await cold.TimeAsync(() => fresh.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, queries[i])));
            }

            await using var host = await BenchHost.StartAsync(databaseUrl, createUser: false);
            await host.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, "warm up"));
            var search = new Latencies();
            var context = new Latencies();
            var vector = new Latencies();
            var random = new Random(7);
            var model = "bench-random";
            foreach (var query in queries)
            {
                await search.TimeAsync(() => host.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, query)));
                await context.TimeAsync(() => host.InScopeAsync(s => s.GetRequiredService<ContextAssembler>().AssembleAsync(projectId, query, 6000)));
                var q = RandomVector(random, dimensions);
                await vector.TimeAsync(() => host.InScopeAsync(s => s.GetRequiredService<EmbeddingStore>()
                    .NearestAsync(s.GetRequiredService<DevBotDbContext>(), projectId, model, q, 50, CancellationToken.None)));
            }

            Console.WriteLine($"  first search, cold process (snapshot load + BM25 + graph): {cold.Summary}");
            Console.WriteLine($"  hybrid search (BM25 + symbol graph + RRF), warm:        {search.Summary}");
            Console.WriteLine($"  context assembly (budget 6000 tokens), warm:             {context.Summary}");
            Console.WriteLine($"  vector top-50 ({(postgresUrl is null ? "SQLite exact scan, SIMD" : "pgvector <=> exact")}):        {vector.Summary}");
        }
    }

    /// <summary>Random unit vectors for every chunk of the project, stored like real embeddings.</summary>
    public static async Task<int> StoreRandomVectorsAsync(BenchHost host, Guid projectId, int dimensions)
    {
        var hashes = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<StoredChunk>().AsNoTracking()
            .Where(c => c.ProjectId == projectId).Select(c => c.EmbeddingHash).Distinct().ToListAsync());
        var random = new Random(11);
        foreach (var batch in hashes.Chunk(500))
        {
            await host.InScopeAsync(async s =>
            {
                await s.GetRequiredService<EmbeddingStore>().SaveAsync(s.GetRequiredService<DevBotDbContext>(), "bench-random",
                    batch.Select(h => (h, RandomVector(random, dimensions))).ToList(), DateTime.UtcNow, CancellationToken.None);
                return 0;
            });
        }

        return hashes.Count;
    }

    public static float[] RandomVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }

    /// <summary>Task-like queries made from the project's own symbols: "add caching to parse headers in message".</summary>
    public static async Task<List<string>> QueriesAsync(string databaseUrl, Guid projectId, int count)
    {
        await using var host = await BenchHost.StartAsync(databaseUrl, createUser: false);
        var snapshot = await host.InScopeAsync(s => s.GetRequiredService<ProjectIndexCache>().GetAsync(s.GetRequiredService<DevBotDbContext>(), projectId, CancellationToken.None));
        var names = snapshot.Chunks.SelectMany(c => c.Definitions).Select(d => d.Name).Where(n => n.Length > 5).Distinct().Order(StringComparer.Ordinal).ToList();
        var random = new Random(3);
        string[] verbs = ["fix the bug in", "add logging to", "make", "speed up", "write tests for", "document"];
        return Enumerable.Range(0, count).Select(_ =>
        {
            var a = string.Join(' ', TermSplitter.Terms(names[random.Next(names.Count)]).Where(t => !t.Contains('_', StringComparison.Ordinal)).Distinct());
            var b = string.Join(' ', TermSplitter.Terms(names[random.Next(names.Count)]).Distinct());
            return $"{verbs[random.Next(verbs.Length)]} {a} so that it handles {b} correctly";
        }).ToList();
    }
}
