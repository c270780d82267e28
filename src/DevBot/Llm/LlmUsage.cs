using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Llm;

/// <summary>What a project's successful calls took in all.</summary>
public sealed record ProjectUsage(int Calls, long PromptTokens, long CompletionTokens, decimal CostUsd, decimal Credits)
{
    public long Tokens => PromptTokens + CompletionTokens;
}

/// <summary>Token counts of one recent successful call.</summary>
public sealed record CallTokens(int PromptTokens, int CompletionTokens);

/// <summary>The questions other features ask of the recorded calls (<c>llm_calls</c> is this folder's table).</summary>
public sealed class LlmUsage(DevBotDbContext db)
{
    public async Task<ProjectUsage> ForProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        // Decimals are TEXT on SQLite, which cannot add them exactly: summed in .NET.
        var calls = await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new { c.PromptTokens, c.CompletionTokens, c.CostUsd, c.Credits })
            .ToListAsync(cancellationToken);
        return new ProjectUsage(
            calls.Count,
            calls.Sum(c => (long)c.PromptTokens),
            calls.Sum(c => (long)c.CompletionTokens),
            calls.Sum(c => c.CostUsd),
            calls.Sum(c => c.Credits));
    }

    /// <summary>The most recent successful calls of one role to one model, newest first.</summary>
    public async Task<IReadOnlyList<CallTokens>> RecentAsync(LlmRole role, string model, int take, CancellationToken cancellationToken)
    {
        var roleName = role.ToString().ToLowerInvariant();
        return await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.Role == roleName && c.Model == model && c.Outcome == LlmCallOutcome.Succeeded)
            .OrderByDescending(c => c.CreatedAt)
            .Take(take)
            .Select(c => new CallTokens(c.PromptTokens, c.CompletionTokens))
            .ToListAsync(cancellationToken);
    }
}
