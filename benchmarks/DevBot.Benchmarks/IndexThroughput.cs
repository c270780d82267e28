using System.Diagnostics;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Benchmarks;

/// <summary>Files/s and chunks/s: chunking alone (CPU), then the whole indexing into a database (one transaction per batch).</summary>
internal static class IndexThroughput
{
    public static async Task RunAsync(string path, string? postgresUrl, int batchFiles)
    {
        var files = Corpus.Load(path);
        var lines = Corpus.Lines(files);
        var bytes = files.Sum(f => (long)f.Content.Length);
        Console.WriteLine($"corpus {path}: {files.Count} files, {lines:N0} lines, {bytes / 1024.0 / 1024.0:F1} MiB");

        var chunking = Stopwatch.StartNew();
        var chunks = files.Sum(f => CodeChunker.Chunk(f.Path, f.Content).Count);
        chunking.Stop();
        Report("chunking only", files.Count, chunks, lines, chunking.Elapsed);

        await using var host = await BenchHost.StartAsync(BenchHost.DatabaseUrlFor(postgresUrl));
        var projectId = await host.CreateProjectAsync("throughput");
        var indexing = Stopwatch.StartNew();
        var written = 0;
        foreach (var batch in files.Chunk(batchFiles))
        {
            var result = await host.InScopeAsync(s => s.GetRequiredService<CodeIndexer>().IndexAsync(projectId, batch, [], CancellationToken.None));
            written += result.ChunksWritten;
        }

        indexing.Stop();
        Report($"indexing into {(postgresUrl is null ? "SQLite" : "PostgreSQL")} ({batchFiles} files per transaction)", files.Count, written, lines, indexing.Elapsed);

        var firstQuery = Stopwatch.StartNew();
        await host.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, "parse arguments from the command line"));
        firstQuery.Stop();
        Console.WriteLine($"  first search (loads the snapshot, builds BM25 and the symbol graph): {firstQuery.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static void Report(string what, int files, int chunks, int lines, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        Console.WriteLine($"  {what}: {seconds:F2} s — {files / seconds:F0} files/s, {chunks / seconds:F0} chunks/s, {lines / seconds:F0} lines/s ({chunks} chunks)");
    }
}
