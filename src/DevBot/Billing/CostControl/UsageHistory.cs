using DevBot.Data;
using DevBot.Llm;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Billing.CostControl;

/// <summary>Token counts of a typical call of one role; from recent history, or defaults before there is any.</summary>
public sealed record TokenProfile(int PromptTokens, int CompletionTokens, bool FromHistory);

/// <summary>What calls of each role have recently cost in tokens, across all builds (for estimates).</summary>
public sealed class UsageHistory(DevBotDbContext db)
{
    /// <summary>How many recent successful calls of a role make the average.</summary>
    public const int Window = 50;

    /// <summary>
    /// Before any history: a plan or README (architect) reads a description and writes ~1 page; an implementer
    /// reads the plan and files and writes a few files; a reviewer reads the files and writes a short verdict.
    /// </summary>
    public static TokenProfile DefaultFor(LlmRole role) => role switch
    {
        LlmRole.Architect => new TokenProfile(1_500, 1_200, false),
        LlmRole.Implementer => new TokenProfile(3_000, 2_000, false),
        LlmRole.Reviewer => new TokenProfile(3_500, 300, false),
        _ => new TokenProfile(3_000, 1_000, false),
    };

    public async Task<TokenProfile> TypicalCallAsync(LlmRole role, CancellationToken cancellationToken)
    {
        var roleName = role.ToString().ToLowerInvariant();
        var recent = await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.Role == roleName && c.Outcome == LlmCallOutcome.Succeeded)
            .OrderByDescending(c => c.CreatedAt)
            .Take(Window)
            .Select(c => new { c.PromptTokens, c.CompletionTokens })
            .ToListAsync(cancellationToken);
        if (recent.Count == 0)
        {
            return DefaultFor(role);
        }

        return new TokenProfile(
            (int)Math.Ceiling(recent.Average(c => c.PromptTokens)),
            (int)Math.Ceiling(recent.Average(c => c.CompletionTokens)),
            FromHistory: true);
    }
}
