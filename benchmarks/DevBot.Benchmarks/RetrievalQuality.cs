using DevBot.Data;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Lexical;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Benchmarks;

/// <summary>
/// Hit rate@5 of lexical, symbol, vector (when EMBEDDING_* is set) and hybrid ranking: a question is a hit when one
/// of the five best chunks is an answer. Three sets: hand-written questions about DevBot's own code (answer: a file),
/// generated "where is X defined" with X written as plain words (answer: the defining chunk), and generated
/// "where is X used" (answer: a chunk of another file that uses X).
/// </summary>
internal static class RetrievalQuality
{
    private sealed record Question(string Text, Func<IndexedChunk, bool> IsAnswer);

    /// <summary>Questions about src/DevBot (paths relative to it), answers checked by reading the code.</summary>
    private static readonly (string Question, string[] Files)[] HandWritten =
    [
        ("How are API keys hashed before they are stored?", ["Users/ApiKeyGenerator.cs", "Users/UserAccounts.cs"]),
        ("Where is the bearer token checked on each HTTP request?", ["Users/ApiKeyAuthentication.cs"]),
        ("How does a worker claim the next job with a lease?", ["Jobs/JobQueue.cs"]),
        ("Where do idle workers get woken up with LISTEN/NOTIFY on PostgreSQL?", ["Jobs/PostgresJobNotifications.cs"]),
        ("How long does a job lease last and how often do idle workers poll?", ["Jobs/JobsOptions.cs"]),
        ("Where is the retry delay after a rate limit computed, honouring Retry-After?", ["Llm/LlmGateway.cs", "Llm/OpenAiLlmClient.cs"]),
        ("Where is a stored model answer replayed instead of calling the model again?", ["Llm/LlmGateway.cs"]),
        ("How is JSON pulled out of an answer wrapped in a markdown fence or prose?", ["Llm/JsonAnswer.cs", "Llm/MarkdownFences.cs"]),
        ("Which endpoint is used when only OPENROUTER_API_KEY is set?", ["Llm/LlmOptions.cs"]),
        ("How are SEARCH/REPLACE edit blocks read from the implementer's answer?", ["Agents/FileEditParser.cs"]),
        ("Where are generated file paths rejected when they contain .. or are absolute?", ["Projects/ProjectPath.cs"]),
        ("What limits the number and size of generated files?", ["Projects/ProjectLimits.cs"]),
        ("Where is the ZIP archive of a finished project built?", ["Projects/ProjectArchive.cs", "Storage/ProjectArchive.cs"]),
        ("Where are archives saved on the local disk?", ["Storage/LocalArchiveStore.cs"]),
        ("How are the versioned SQL migration scripts applied in order under a lock?", ["Data/SqlMigrator.cs"]),
        ("How is DATABASE_URL turned into a PostgreSQL connection string?", ["Data/DatabaseOptions.cs"]),
        ("Where are SQLite foreign keys and the busy timeout switched on for every connection?", ["Data/SqliteConnectionPragmas.cs"]),
        ("How are property names turned into snake_case column names?", ["Data/SnakeCaseNames.cs"]),
        ("Where does a build pause when the user runs out of credits?", ["Pipeline/BuildPipeline.cs", "Billing/CostControl/BuildBudgets.cs", "Pipeline/PipelineModelCaller.cs"]),
        ("Where does the architect review a task and give a verdict?", ["Agents/ArchitectAgent.cs"]),
        ("Where is the architect asked for the plan of tasks?", ["Agents/ArchitectAgent.cs", "Agents/ProjectPlan.cs"]),
        ("How is a new project submitted and its build queued with a queue position?", ["Projects/ProjectService.cs"]),
        ("Where are server-sent events of project progress streamed to the client?", ["Projects/ProjectEndpoints.cs"]),
        ("Where is the reachability of the language model checked for readiness and cached?", ["Health/LlmHealthCheck.cs"]),
        ("How does the users create command print the new API key?", ["Cli/UsersCommand.cs"]),
        ("Where does the build command show live progress in the terminal?", ["Cli/BuildCommand.cs"]),
        ("Where is a task stopped when the same rejection keeps coming back?", ["Pipeline/LoopStop.cs", "Pipeline/BuildPipeline.Tasks.cs"]),
        ("Where is the plan rendered as a TODO list in markdown?", ["Agents/PromptSections.cs"]),
        ("How is the chat completion request sent with the OpenAI SDK?", ["Llm/OpenAiLlmClient.cs"]),
        ("Where are project events appended to the outbox table?", ["Projects/ProjectEventLog.cs"]),
        ("Where are the implementer's edits applied to the staged files of a task?", ["Agents/ProjectWorkspace.cs"]),
        ("Where is every language model call recorded with its tokens and latency?", ["Llm/LlmGateway.cs", "Llm/LlmCall.cs"]),
    ];

    /// <param name="heldOut">"devbot" or "stdlib": a held-out set of <see cref="HeldOutQuestions"/>.</param>
    /// <param name="embeddingProvider">EMBEDDING_PROVIDER for the run ("local" adds the vector and fused columns).</param>
    /// <param name="databaseUrl">A database to reuse: its embedding cache spares a second run the embedding.</param>
    public static async Task RunAsync(string path, bool handWritten, int generated, string? heldOut = null, string? embeddingProvider = null, string? databaseUrl = null)
    {
        var files = Corpus.Load(path);
        var settings = new Dictionary<string, string?> { ["EMBEDDING_PROVIDER"] = embeddingProvider ?? "none" };
        await using var host = await BenchHost.StartAsync(databaseUrl ?? BenchHost.DatabaseUrlFor(null), settings);
        var projectId = await host.CreateProjectAsync("quality");
        var indexing = System.Diagnostics.Stopwatch.StartNew();
        var embedded = 0;
        foreach (var batch in files.Chunk(200))
        {
            var indexed = await host.InScopeAsync(s => s.GetRequiredService<CodeIndexer>().IndexAsync(projectId, batch, [], CancellationToken.None));
            embedded += indexed.Embedded;
        }

        var snapshot = await host.InScopeAsync(s => s.GetRequiredService<ProjectIndexCache>().GetAsync(s.GetRequiredService<DevBotDbContext>(), projectId, CancellationToken.None));
        Console.WriteLine($"corpus {path}: {files.Count} files, {snapshot.Chunks.Count} chunks, {embedded} embedded ({embeddingProvider ?? "no embeddings"}), indexed in {indexing.Elapsed.TotalSeconds:F0} s");
        if (handWritten)
        {
            var questions = HandWritten.Select(q => new Question(q.Question, c => q.Files.Contains(c.Path, StringComparer.Ordinal))).ToList();
            await ScoreAsync(host, projectId, "hand-written questions (answer: a file)", questions);
        }

        if (heldOut is not null)
        {
            var set = heldOut == "stdlib" ? HeldOutQuestions.PythonStdlib : HeldOutQuestions.DevBot;
            var questions = set.Select(q => new Question(q.Question, c => q.Files.Contains(c.Path, StringComparer.Ordinal))).ToList();
            await ScoreAsync(host, projectId, $"held-out questions about {heldOut} (answer: a file)", questions);
        }

        if (generated > 0)
        {
            await ScoreAsync(host, projectId, "where is <name as words> defined", DefinedQuestions(snapshot, generated));
            await ScoreAsync(host, projectId, "where is <Name> used", UsedQuestions(snapshot, generated));
        }
    }

    private static List<Question> DefinedQuestions(ProjectSnapshot snapshot, int count)
    {
        var unique = snapshot.Chunks
            .SelectMany(c => c.Definitions.Select(d => (Chunk: c, Definition: d)))
            .Where(p => p.Definition.Kind is "class" or "function" or "method" or "interface" or "record" or "struct" && p.Definition.Name.Length >= 6)
            .GroupBy(p => p.Definition.Name, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .Select(g => g.Single())
            .OrderBy(p => p.Chunk.Path, StringComparer.Ordinal).ThenBy(p => p.Definition.Line)
            .ToList();
        var random = new Random(1);
        return unique.OrderBy(_ => random.Next()).Take(count).Select(p =>
        {
            var words = string.Join(' ', TermSplitter.Terms(p.Definition.Name).Where(t => !t.Contains('_', StringComparison.Ordinal)).Take(TermSplitter.Terms(p.Definition.Name).Count - 1).DefaultIfEmpty(p.Definition.Name.ToLowerInvariant()));
            var (path, line) = (p.Chunk.Path, p.Definition.Line);
            return new Question($"where is {words} defined", c => c.Path == path && c.StartLine <= line && line <= c.EndLine);
        }).ToList();
    }

    private static List<Question> UsedQuestions(ProjectSnapshot snapshot, int count)
    {
        var graph = snapshot.Symbols;
        var users = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var chunk in snapshot.Chunks)
        {
            foreach (var name in chunk.References)
            {
                if (!users.TryGetValue(name, out var set))
                {
                    set = new HashSet<string>(StringComparer.Ordinal);
                    users[name] = set;
                }

                set.Add(chunk.Path);
            }
        }

        var candidates = graph.DefiningFiles
            .Where(d => d.Value.Count == 1 && d.Key.Length >= 6)
            .Select(d => (Name: d.Key, Definer: graph.Files[d.Value.Single()]))
            .Where(d => users.TryGetValue(d.Name, out var u) && u.Count(p => p != d.Definer) is >= 1 and <= 3)
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        var random = new Random(2);
        return candidates.OrderBy(_ => random.Next()).Take(count)
            .Select(d => new Question($"where is {d.Name} used", c => c.Path != d.Definer && c.References.Contains(d.Name)))
            .ToList();
    }

    /// <summary>Vector weights compared in one run (the lists are fused again; nothing is embedded twice).</summary>
    private static readonly (string Name, FusionWeights Weights)[] Variants =
    [
        ("1", new(0.1, 1.0, 1.0)),
        ("0.5", new(0.1, 0.5, 0.5)),
        ("0.25", new(0.1, 0.25, 0.25)),
        ("1/code 0.25", new(0.1, 1.0, 0.25)),
        ("1/code 0", new(0.1, 1.0, 0.0)),
        ("0.5/code 0", new(0.1, 0.5, 0.0)),
        ("0.25/code 0", new(0.1, 0.25, 0.0)),
        ("no vectors", new(0.1, 0.0, 0.0)),
    ];

    private static async Task ScoreAsync(BenchHost host, Guid projectId, string title, List<Question> questions)
    {
        int lexical = 0, symbol = 0, hybrid = 0, vector = 0, vectorAsked = 0;
        var variants = new int[Variants.Length];
        foreach (var question in questions)
        {
            var results = await host.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, question.Text));
            bool Hit(IReadOnlyList<int>? ranking) => ranking is not null && ranking.Take(5).Any(i => question.IsAnswer(results.Snapshot.Chunks[i]));
            lexical += Hit(results.Lexical) ? 1 : 0;
            symbol += Hit(results.Symbol) ? 1 : 0;
            hybrid += Hit(results.Hybrid) ? 1 : 0;
            if (results.Vector is not null)
            {
                vectorAsked++;
                vector += Hit(results.Vector) ? 1 : 0;
                for (var v = 0; v < Variants.Length; v++)
                {
                    variants[v] += Hit(Variants[v].Weights.Fuse(question.Text, results.Lexical, results.Ranking, results.Symbol, results.Vector)) ? 1 : 0;
                }
            }
        }

        string Rate(int hits, int of) => of == 0 ? "n/a" : $"{100.0 * hits / of:F0}% ({hits}/{of})";
        Console.WriteLine($"  {title}, {questions.Count} questions: hit@5 lexical {Rate(lexical, questions.Count)}, symbol {Rate(symbol, questions.Count)}, vector {Rate(vector, vectorAsked)}, hybrid {Rate(hybrid, questions.Count)}");
        if (vectorAsked > 0)
        {
            Console.WriteLine("    hybrid by vector weight: " + string.Join(", ", Variants.Select((v, i) => $"{v.Name} → {Rate(variants[i], vectorAsked)}")));
        }
    }
}
