using BenchmarkDotNet.Running;
using DevBot.Benchmarks;

// Retrieval and sandbox benchmarks (see docs/benchmarks.md). Not part of `dotnet test`.
//   index   --path DIR [--postgres URL] [--batch 200]
//   query   [--path DIR] [--sizes 1000,10000,100000] [--postgres URL] [--queries 200] [--dim 768]
//   pgscale --postgres URL [--path DIR] [--projects 1000] [--chunks 1000] [--dim 384] [--queries 200] [--hnsw]
//   quality [--path src/DevBot] [--handwritten] [--generated 100] [--held-out devbot|stdlib] [--embeddings local] [--database URL]
//   tokens  [--path /usr/lib/python3.11] [--packages email,json,...] [--budget 6000]
//   embed   [--path DIR] [--chunks 400] [--threads 2] [--batches 1,4,8,16,32]
//   micro   [BenchmarkDotNet arguments, e.g. --filter *]
//   sandbox [--runs 50]   (bubblewrap overhead and the cost of checks; docs/benchmarks.md)
//   accept-users   --database URL --keys FILE [--users 20000]   (accept benchmark: benchmarks/accept/run.sh)
//   accept-prefill --database URL [--builds 100000]
//   accept-probe   --database URL [--repeats 50]
//   fanout  [--builds 1000] [--database URL] [--rate 30] [--chat-interval-ms 1000]   (Telegram fan-out against a flood-limited Bot API stand-in)
//   load    --devbot DLL [--database URL] [--workers 1] [--users 2000] [--keys FILE]   (load benchmark: benchmarks/load/run.sh)
var command = args.FirstOrDefault() ?? "help";
var options = args.Skip(1).ToList();
string? Option(string name) => options.IndexOf(name) is var i and >= 0 && i + 1 < options.Count ? options[i + 1] : null;
int IntOption(string name, int fallback) => Option(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
const string python = "/usr/lib/python3.11";

switch (command)
{
    case "index":
        await IndexThroughput.RunAsync(Option("--path") ?? python, Option("--postgres"), IntOption("--batch", 200));
        break;
    case "query":
        await QueryLatency.RunAsync(Option("--path") ?? python,
            (Option("--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            Option("--postgres"), IntOption("--queries", 200), IntOption("--dim", 768));
        break;
    case "pgscale":
        await PostgresScale.RunAsync(Option("--path") ?? python, Option("--postgres") ?? throw new ArgumentException("--postgres URL is required"),
            IntOption("--projects", 1000), IntOption("--chunks", 1000), IntOption("--dim", 384), IntOption("--queries", 200), options.Contains("--hnsw"));
        break;
    case "quality":
        await RetrievalQuality.RunAsync(Option("--path") ?? "src/DevBot", options.Contains("--handwritten"), IntOption("--generated", 0),
            Option("--held-out"), Option("--embeddings"), Option("--database"));
        break;
    case "tokens":
        await TokenEffect.RunAsync(Option("--path") ?? python,
            (Option("--packages") ?? "email,json,http,logging,concurrent/futures,urllib,importlib,xml/etree,asyncio").Split(','), IntOption("--budget", 6000));
        break;
    case "embed":
        EmbeddingThroughput.Run(Option("--path") ?? python, IntOption("--chunks", 400), IntOption("--threads", 2),
            (Option("--batches") ?? "1,4,8,16,32").Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList());
        break;
    case "sandbox" when OperatingSystem.IsLinux():
        await SandboxOverhead.RunAsync(IntOption("--runs", 50));
        break;
    case "micro":
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run([.. options, .. options.Contains("--filter") ? Array.Empty<string>() : ["--filter", "*"]]);
        break;
    case "accept-users":
        await AcceptSeed.UsersAsync(Option("--database") ?? throw new ArgumentException("--database URL is required"),
            Option("--keys") ?? throw new ArgumentException("--keys FILE is required"), IntOption("--users", 20_000));
        break;
    case "accept-prefill":
        await AcceptSeed.PrefillAsync(Option("--database") ?? throw new ArgumentException("--database URL is required"), IntOption("--builds", 100_000));
        break;
    case "accept-probe":
        await AcceptProbe.RunAsync(Option("--database") ?? throw new ArgumentException("--database URL is required"), IntOption("--repeats", 50));
        break;
    case "load":
        await DevBot.Benchmarks.Load.LoadRun.RunAsync(Option("--devbot") ?? throw new ArgumentException("--devbot PATH/devbot.dll is required"),
            Option("--database") ?? BenchHost.DatabaseUrlFor(null), IntOption("--workers", 1), IntOption("--users", 2000),
            Option("--keys") ?? Path.Combine(Path.GetTempPath(), "devbot-load-keys.txt"));
        break;
    case "fanout":
        await DevBot.Benchmarks.Load.FanOutRun.RunAsync(IntOption("--builds", 1000), Option("--database") ?? BenchHost.DatabaseUrlFor(null),
            IntOption("--rate", 30), IntOption("--chat-interval-ms", 1000));
        break;
    default:
        Console.WriteLine("commands: load, fanout, index, query, pgscale, quality, tokens, embed, micro, sandbox, accept-users, accept-prefill, accept-probe (see docs/benchmarks.md)");
        break;
}
