using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Billing.Usage;

public sealed record UsageTotals(int Calls, int FailedCalls, long PromptTokens, long CompletionTokens, decimal CostUsd, decimal Credits);

public sealed record AccountSummary(Guid Id, string Name, bool IsAdmin, decimal Balance, UsageTotals Usage);

/// <summary>One model call as the user sees it. Failed calls are listed too: they show that they cost nothing.</summary>
public sealed record UsageLine(
    Guid Id,
    DateTime CreatedAt,
    Guid? ProjectId,
    string? ProjectTitle,
    string Role,
    string Model,
    string Outcome,
    int PromptTokens,
    int CompletionTokens,
    bool TokensEstimated,
    decimal CostUsd,
    decimal Credits);

public sealed record TransactionLine(Guid Id, DateTime CreatedAt, string Kind, decimal Amount, string Description, Guid? ProjectId, Guid? LlmCallId);

/// <summary>What a user has spent and on what: for <c>GET /api/v1/me</c>, <c>/me/usage</c>, Telegram's <c>/credits</c>.</summary>
public sealed class UsageReports(DevBotDbContext db, UserAccounts users, ProjectQueries projects, LlmUsage llmUsage)
{
    public const int MaxPageSize = 200;

    public async Task<AccountSummary?> SummaryAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var calls = await llmUsage.ForUserAsync(userId, cancellationToken);
        var chargedMicros = -(await db.Set<CreditTransaction>().AsNoTracking()
            .Where(t => t.UserId == userId && t.Kind == CreditTransactionKind.Usage)
            .SumAsync(t => (long?)t.AmountMicros, cancellationToken) ?? 0);

        return new AccountSummary(user.Id, user.Name, user.IsAdmin, user.Credits, new UsageTotals(
            calls.Succeeded, calls.Failed, calls.PromptTokens, calls.CompletionTokens, calls.CostUsd, CreditAmount.FromMicros(chargedMicros)));
    }

    /// <summary>The user's calls, newest first; <paramref name="before"/> pages back from a previous page's last <c>createdAt</c>.</summary>
    public async Task<IReadOnlyList<UsageLine>> CallsAsync(Guid userId, int limit, DateTime? before, CancellationToken cancellationToken)
    {
        var calls = await llmUsage.PageForUserAsync(userId, Math.Clamp(limit, 1, MaxPageSize), before, cancellationToken);

        // Titles are the Projects folder's to give: one query for the page's projects.
        var titles = await projects.TitlesAsync([.. calls.Where(c => c.ProjectId is not null).Select(c => c.ProjectId!.Value).Distinct()], cancellationToken);
        return [.. calls.Select(c => new UsageLine(
            c.Id, c.CreatedAt, c.ProjectId,
            c.ProjectId is { } projectId ? titles.GetValueOrDefault(projectId) : null,
            c.Role, c.Model, c.Outcome == LlmCallOutcome.Succeeded ? "succeeded" : "failed",
            c.PromptTokens, c.CompletionTokens, c.TokensEstimated, c.CostUsd, c.Credits))];
    }

    public async Task<IReadOnlyList<TransactionLine>> TransactionsAsync(Guid userId, int limit, DateTime? before, CancellationToken cancellationToken)
    {
        var query = db.Set<CreditTransaction>().AsNoTracking().Where(t => t.UserId == userId);
        if (before is { } cursor)
        {
            query = query.Where(t => t.CreatedAt < cursor);
        }

        var rows = await query
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(Math.Clamp(limit, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        return rows.Select(t => new TransactionLine(
            t.Id, t.CreatedAt, t.Kind.ToString().ToLowerInvariant(), t.Amount, t.Description, t.ProjectId, t.LlmCallId)).ToList();
    }
}
