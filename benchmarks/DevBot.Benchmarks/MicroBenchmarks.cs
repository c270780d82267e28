using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Lexical;
using DevBot.Retrieval.Symbols;

namespace DevBot.Benchmarks;

/// <summary>In-memory hot paths, measured with BenchmarkDotNet (short job: 2 cores are shared).</summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcess))]
public class MicroBenchmarks
{
    /// <summary>In process (no generated project to build), few iterations: 2 shared cores.</summary>
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(6));
    }

    private string _python = string.Empty;
    private string _csharp = string.Empty;
    private Bm25Index _bm25 = null!;
    private SymbolGraph _graph = null!;
    private TaskMentions _mentions = null!;
    private List<string> _query = [];

    [GlobalSetup]
    public void Setup()
    {
        _python = File.ReadAllText("/usr/lib/python3.11/argparse.py");
        _csharp = File.ReadAllText(Path.Combine(RepositoryRoot(), "src/DevBot/Pipeline/BuildPipeline.cs"));
        var chunks = Corpus.Load("/usr/lib/python3.11/email")
            .Concat(Corpus.Load("/usr/lib/python3.11/asyncio"))
            .Concat(Corpus.Load("/usr/lib/python3.11/logging"))
            .SelectMany(f => CodeChunker.Chunk(f.Path, f.Content))
            .Select((c, i) =>
            {
                var row = ChunkRecords.ToRow(Guid.Empty, c, 1);
                return ChunkRecords.FromRow(Guid.CreateVersion7(), row.Path, row.StartLine, row.EndLine, row.Kind, row.Name, row.Definitions, row.ReferencedNames, row.Terms, row.TokenCount, 1);
            })
            .ToList();
        _bm25 = new Bm25Index(chunks.Select(c => c.Terms).ToList());
        _graph = new SymbolGraph(chunks);
        const string task = "Fix the header parser so that parse_headers handles folded lines in the email message";
        _mentions = TaskMentions.Find(task, _graph);
        _query = TermSplitter.Terms(task);
        Console.WriteLine($"// {chunks.Count} chunks, {_graph.Files.Count} files, {_graph.EdgeCount} reference edges");
    }

    [Benchmark(Description = "chunk argparse.py (2,600 lines)")]
    public int ChunkPython() => CodeChunker.Chunk("argparse.py", _python).Count;

    [Benchmark(Description = "chunk BuildPipeline.cs")]
    public int ChunkCSharp() => CodeChunker.Chunk("BuildPipeline.cs", _csharp).Count;

    [Benchmark(Description = "split terms of argparse.py")]
    public int SplitTerms() => TermSplitter.Terms(_python).Count;

    [Benchmark(Description = "BM25 top-50 over email+asyncio+logging")]
    public int Bm25() => _bm25.Search(_query, 50).Count;

    [Benchmark(Description = "personalised PageRank + symbol ranks")]
    public int Rank() => _graph.Rank(_mentions).TopChunks(50).Count;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DevBot.slnx")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
