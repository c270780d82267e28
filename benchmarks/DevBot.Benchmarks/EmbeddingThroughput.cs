using System.Diagnostics;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Embeddings.Local;
using DevBot.Retrieval.Indexing;

namespace DevBot.Benchmarks;

/// <summary>
/// The local model's speed and memory: chunks/s for real code chunks (the text the indexer embeds: path + chunk,
/// cut to EMBEDDING_MAX_CHARS and 256 tokens) at one thread count and inference batch, and the process's resident
/// memory before the model is loaded, after, and at its peak. Run one configuration per process so the memory
/// figures are its own.
/// </summary>
internal static class EmbeddingThroughput
{
    public static void Run(string path, int chunkCount, int threads, IReadOnlyList<int> batches)
    {
        var random = new Random(3);
        var texts = Corpus.Load(path)
            .SelectMany(f => CodeChunker.Chunk(f.Path, f.Content))
            .OrderBy(_ => random.Next())
            .Take(chunkCount)
            .Select(c => ChunkRecords.EmbeddingText(c.Path, c.Content, 6000))
            .ToList();
        GC.Collect();
        var before = ResidentMiB();

        var loading = Stopwatch.StartNew();
        using var model = MiniLmModel.Load(LocalEmbeddingModel.PackageAssemblyPath, threads);
        loading.Stop();
        GC.Collect();
        var loaded = ResidentMiB();
        var tokens = texts.Select(t => model.Tokenize(t).Count).ToList();
        Console.WriteLine($"{texts.Count} chunks of {path}: {tokens.Average():F0} tokens on average ({tokens.Count(t => t >= LocalEmbeddingModel.MaxTokens - 2)} cut at {LocalEmbeddingModel.MaxTokens}), {threads} thread(s)");
        Console.WriteLine($"  model loaded in {loading.Elapsed.TotalSeconds:F2} s; resident memory {before:F0} MiB before, {loaded:F0} MiB after (+{loaded - before:F0})");

        model.Embed(texts.Take(16).ToList(), CancellationToken.None); // Warm-up: first runs allocate the arena.
        foreach (var batch in batches)
        {
            // CPU time too: on a machine shared with other work the wall clock says more about the neighbours.
            var cpu = CpuTime();
            var timer = Stopwatch.StartNew();
            model.Embed(texts, CancellationToken.None, batch);
            timer.Stop();
            var cpuPerChunk = (CpuTime() - cpu).TotalMilliseconds / texts.Count;
            Console.WriteLine($"  inference batch {batch,2}: {texts.Count / timer.Elapsed.TotalSeconds:F1} chunks/s ({timer.Elapsed.TotalMilliseconds / texts.Count:F1} ms per chunk), {cpuPerChunk:F0} ms CPU per chunk; load average {LoadAverage()}");
        }

        GC.Collect();
        Console.WriteLine($"  resident memory after embedding {ResidentMiB():F0} MiB, peak {PeakResidentMiB():F0} MiB (+{PeakResidentMiB() - before:F0} over the start)");
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static double ResidentMiB()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>VmHWM: the most resident memory the process ever had (Linux).</summary>
    private static double PeakResidentMiB() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0)
            .FirstOrDefault();
}
