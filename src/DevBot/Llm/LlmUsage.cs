using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Llm;

/// <summary>What a project's successful calls took in all.</summary>
public sealed record ProjectUsage(int Calls, long PromptTokens, long CompletionTokens, decimal CostUsd, decimal Credits)
{
    public long Tokens => PromptTokens + CompletionTokens;
}

/// <summary>What one user's calls took in all: successful ones with their tokens and cost, and how many failed.</summary>
public sealed record UserCallTotals(int Succeeded, int Failed, long PromptTokens, long CompletionTokens, decimal CostUsd);

/// <summary>A successful call and the credits it was priced at, for checking the ledger against.</summary>
public sealed record PricedCall(Guid Id, decimal Credits);

/// <summary>Token counts of one recent successful call.</summary>
public sealed record CallTokens(int PromptTokens, int CompletionTokens);

/// <summary>The questions other features ask of the recorded calls (<c>llm_calls</c> is this folder's table).</summary>
public sealed class LlmUsage(DevBotDbContext db)
{
    public async Task<ProjectUsage> ForProjectAsync(Guid projectId, CancellationToken cancellationToken) =>
        Sum(await SucceededCallsAsync(projectId, cancellationToken));

    /// <summary>
    /// What one version's calls took: the first build's, or one change's, restore's or fix's alone. Call keys carry
    /// their version (<see cref="CallKey.Version"/>), so this is exact however many versions the project has.
    /// </summary>
    public async Task<ProjectUsage> ForVersionAsync(Guid projectId, int version, CancellationToken cancellationToken) =>
        Sum([.. (await SucceededCallsAsync(projectId, cancellationToken))
            .Where(c => CallKey.TryParse(c.CallKey, out var key) && key.Version == version)]);

    private async Task<List<CallFigures>> SucceededCallsAsync(Guid projectId, CancellationToken cancellationToken) =>
        await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new CallFigures(c.CallKey, c.PromptTokens, c.CompletionTokens, c.CostUsd, c.Credits))
            .ToListAsync(cancellationToken);

    // Decimals are TEXT on SQLite, which cannot add them exactly: summed in .NET.
    private static ProjectUsage Sum(IReadOnlyCollection<CallFigures> calls) => new(
        calls.Count,
        calls.Sum(c => (long)c.PromptTokens),
        calls.Sum(c => (long)c.CompletionTokens),
        calls.Sum(c => c.CostUsd),
        calls.Sum(c => c.Credits));

    private sealed record CallFigures(string CallKey, int PromptTokens, int CompletionTokens, decimal CostUsd, decimal Credits);

    public async Task<UserCallTotals> ForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var calls = db.Set<LlmCall>().AsNoTracking().Where(c => c.UserId == userId);
        var failed = await calls.CountAsync(c => c.Outcome == LlmCallOutcome.Failed, cancellationToken);

        // Decimals are TEXT on SQLite, which cannot add them exactly: summed in .NET, streamed.
        var (succeeded, prompt, completion, costUsd) = (0, 0L, 0L, 0m);
        await foreach (var call in calls.Where(c => c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new { c.PromptTokens, c.CompletionTokens, c.CostUsd }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            (succeeded, prompt, completion, costUsd) = (succeeded + 1, prompt + call.PromptTokens, completion + call.CompletionTokens, costUsd + call.CostUsd);
        }

        return new UserCallTotals(succeeded, failed, prompt, completion, costUsd);
    }

    /// <summary>A user's calls, newest first, at most <paramref name="take"/>, older than <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<LlmCall>> PageForUserAsync(Guid userId, int take, DateTime? before, CancellationToken cancellationToken)
    {
        var query = db.Set<LlmCall>().AsNoTracking().Where(c => c.UserId == userId);
        if (before is { } cursor)
        {
            query = query.Where(c => c.CreatedAt < cursor);
        }

        return await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Every successful call made for a user, with the credits it was priced at (streamed: there may be many).</summary>
    public IAsyncEnumerable<PricedCall> PricedCallsAsync() =>
        db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.Outcome == LlmCallOutcome.Succeeded && c.UserId != null)
            .Select(c => new PricedCall(c.Id, c.Credits))
            .AsAsyncEnumerable();

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
