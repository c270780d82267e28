using System.Text.RegularExpressions;
using DevBot.Llm;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Benchmarks;

/// <summary>
/// Context tokens per task against sending every file, on simulated builds: a real package is "built" one module per
/// task in file order; the task text is the module's docstring; before each task the project holds the modules written
/// so far (indexed after each commit, as the pipeline does). Also how many of the already-written modules the new one
/// imports made it into the context (dependency recall).
/// </summary>
internal static partial class TokenEffect
{
    public static async Task RunAsync(string root, IReadOnlyList<string> packages, int budget)
    {
        await using var host = await BenchHost.StartAsync(BenchHost.DatabaseUrlFor(null));
        long allContext = 0, allFiles = 0;
        int allNeeded = 0, allFound = 0, allInCode = 0, allTasks = 0;
        foreach (var package in packages)
        {
            var files = Corpus.Load(Path.Combine(root, package)).Where(f => !f.Path.Contains("test", StringComparison.OrdinalIgnoreCase)).ToList();
            var projectId = await host.CreateProjectAsync(package);
            long contextTokens = 0, fileTokens = 0;
            int needed = 0, found = 0, inCode = 0;
            for (var k = 0; k < files.Count; k++)
            {
                var task = TaskText(files[k]);
                if (k > 0)
                {
                    var context = await host.InScopeAsync(s => s.GetRequiredService<ContextAssembler>().AssembleAsync(projectId, task, budget));
                    contextTokens += context.Tokens;
                    fileTokens += files.Take(k).Sum(f => TokenEstimate.Of(f.Content));
                    var imported = ImportedModules(files[k]).Select(m => files.Take(k).FirstOrDefault(f => ModuleName(f.Path) == m)?.Path).OfType<string>().Distinct().ToList();
                    needed += imported.Count;
                    found += imported.Count(p => context.Chunks.Any(c => c.Path == p) || context.Text.Contains(p + ":", StringComparison.Ordinal));
                    inCode += imported.Count(p => context.Chunks.Any(c => c.Path == p));
                }

                await host.InScopeAsync(s => s.GetRequiredService<CodeIndexer>().IndexAsync(projectId, [files[k]], [], CancellationToken.None));
            }

            allContext += contextTokens;
            allFiles += fileTokens;
            allNeeded += needed;
            allFound += found;
            allInCode += inCode;
            allTasks += Math.Max(0, files.Count - 1);
            Console.WriteLine($"  {package}: {files.Count - 1} tasks, context {contextTokens:N0} tokens vs every file {fileTokens:N0} ({Share(contextTokens, fileTokens)}), imported modules in context {found}/{needed} (with code: {inCode})");
        }

        Console.WriteLine($"  all: {allTasks} tasks, context {allContext:N0} tokens ({allContext / Math.Max(1, allTasks):N0}/task) vs every file {allFiles:N0} ({allFiles / Math.Max(1, allTasks):N0}/task) = {Share(allContext, allFiles)}; imported modules in the context {100.0 * allFound / Math.Max(1, allNeeded):F0}% ({allFound}/{allNeeded}), with a chunk of their code {100.0 * allInCode / Math.Max(1, allNeeded):F0}% ({allInCode}/{allNeeded})");
    }

    private static string Share(long part, long whole) => whole == 0 ? "n/a" : $"{100.0 * part / whole:F1}%";

    private static string TaskText(SourceFile file)
    {
        var docstring = Docstring().Match(file.Content);
        var text = docstring.Success ? docstring.Groups[1].Value : string.Empty;
        text = text.Length > 600 ? text[..600] : text;
        return $"Write {file.Path}. {text}".Trim();
    }

    /// <summary>Module names a file imports: the last part of each imported module path, and names imported from a package.</summary>
    private static IEnumerable<string> ImportedModules(SourceFile file) =>
        Import().Matches(file.Content).SelectMany(m =>
            new[] { m.Groups["module"].Value.Split('.')[^1] }
                .Concat(m.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.Split(' ')[0])))
            .Where(n => n.Length > 0);

    private static string ModuleName(string path) => Path.GetFileNameWithoutExtension(path);

    [GeneratedRegex("^\\s*(?:[rRuU]?\"\"\"|[rRuU]?''')(.*?)(?:\"\"\"|''')", RegexOptions.Singleline)]
    private static partial Regex Docstring();

    [GeneratedRegex(@"^\s*(?:from\s+(?<module>\.*[\w.]*)\s+import\s+\(?(?<names>[\w, ]+)|import\s+(?<module>[\w.]+))", RegexOptions.Multiline)]
    private static partial Regex Import();
}
