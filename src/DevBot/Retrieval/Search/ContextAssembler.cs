using System.Text;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Symbols;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Retrieval.Search;

/// <summary>A piece of code put into a prompt.</summary>
internal sealed record ContextChunk(string Path, int StartLine, int EndLine);

/// <summary>The code context for a prompt: its text and its size in tokens (never above the budget asked for).</summary>
internal sealed record AssembledContext(string Text, int Tokens, int OutlineTokens, IReadOnlyList<ContextChunk> Chunks)
{
    public static AssembledContext Empty { get; } = new(string.Empty, 0, 0, []);
}

/// <summary>
/// Builds the code context of a task within a token budget: first the repository outline (the best-ranked
/// signatures, at most <c>RETRIEVAL_OUTLINE_TOKENS</c> and half the budget), then the best hybrid-ranked chunks
/// that still fit, skipping any that overlap one already taken. The budget is checked on the final text.
/// </summary>
internal sealed class ContextAssembler(DevBotDbContext db, CodeSearch search, IOptions<RetrievalOptions> options)
{
    private const string OutlineHeading = "## Repository outline (most relevant symbols first)\n";
    private const string CodeHeading = "## Relevant code\n";

    public async Task<AssembledContext> AssembleAsync(
        Guid projectId, string task, int budget, IReadOnlyCollection<string>? excludePaths = null, CancellationToken cancellationToken = default)
    {
        var results = await search.SearchAsync(projectId, task, CodeSearch.DefaultLimit, cancellationToken);
        if (results.Snapshot.Chunks.Count == 0 || budget <= 0)
        {
            return AssembledContext.Empty;
        }

        var text = new StringBuilder();
        var outlineBudget = Math.Min(options.Value.OutlineTokens, budget / 2) - TokenEstimate.Of(OutlineHeading);
        // A signature line costs at least a few tokens: more candidates than that can never fit.
        var outline = RepoMap.Render(results.Ranking.RankedSymbols(Math.Max(0, outlineBudget / 3)), outlineBudget);
        if (outline.Length > 0)
        {
            text.Append(OutlineHeading).Append(outline).Append('\n');
        }

        var outlineTokens = TokenEstimate.Of(text.ToString());
        var excluded = excludePaths?.ToHashSet(StringComparer.Ordinal) ?? [];
        var candidates = results.Hybrid
            .Select(i => results.Snapshot.Chunks[i])
            .Where(c => !excluded.Contains(c.Path))
            .ToList();
        var ids = candidates.Select(c => c.Id).ToList();
        var contents = await db.Set<StoredChunk>().AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Content })
            .ToDictionaryAsync(c => c.Id, c => c.Content, cancellationToken);

        var taken = new List<ContextChunk>();
        foreach (var chunk in candidates)
        {
            if (!contents.TryGetValue(chunk.Id, out var content)
                || taken.Any(t => t.Path == chunk.Path && t.StartLine <= chunk.EndLine && chunk.StartLine <= t.EndLine))
            {
                continue;
            }

            var block = new StringBuilder();
            if (taken.Count == 0)
            {
                block.Append(CodeHeading);
            }

            block.Append("### ").Append(chunk.Path).Append(" (lines ").Append(chunk.StartLine).Append('-').Append(chunk.EndLine).Append(")\n")
                .Append("```").Append(SourceLanguages.FenceName(chunk.Path)).Append('\n')
                .Append(content).Append("\n```\n\n");
            if (TokenEstimate.Of(text.Length + block.Length) > budget)
            {
                continue; // A smaller chunk further down may still fit.
            }

            text.Append(block);
            taken.Add(new ContextChunk(chunk.Path, chunk.StartLine, chunk.EndLine));
        }

        var final = text.ToString();
        return new AssembledContext(final, TokenEstimate.Of(final), outlineTokens, taken);
    }
}
