using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Pipeline;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.CostControl;

/// <summary>What a build has spent and may spend.</summary>
public sealed record BuildSpending(decimal SpentCredits, decimal CapCredits, int Continues, PauseCause? PausedFor)
{
    public decimal RemainingCredits => Math.Max(0, CapCredits - SpentCredits);
}

/// <summary>
/// The hard limits: a build may not spend past its cap, and a user may not spend past their balance. Checked
/// before every model call with an estimate of that call, so a build stops before it would cross either.
/// </summary>
public sealed class BuildBudgets(DevBotDbContext db, UsageHistory history, IOptions<BillingOptions> options, TimeProvider time)
{
    private BillingOptions Settings => options.Value;

    /// <summary>A build's first cap, and what each "continue" adds to it.</summary>
    private decimal CapStep => CreditMath.RoundCredits(Settings.MaxCreditsPerBuild);

    public async Task<BuildSpending> SpendingAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var spentMicros = -(await db.Set<CreditTransaction>().AsNoTracking()
            .Where(t => t.ProjectId == projectId && t.Kind == CreditTransactionKind.Usage)
            .SumAsync(t => (long?)t.AmountMicros, cancellationToken) ?? 0);
        var budget = await db.Set<BuildBudget>().AsNoTracking().FirstOrDefaultAsync(b => b.ProjectId == projectId, cancellationToken);
        return new BuildSpending(
            CreditAmount.FromMicros(spentMicros),
            budget is null ? CapStep : CreditAmount.FromMicros(budget.CapMicros),
            budget?.Continues ?? 0,
            budget?.PausedFor);
    }

    /// <summary>Credits the next call of this step will probably cost: its context size (or the role's recent average) and the role's typical answer.</summary>
    public async Task<decimal> EstimateNextCallAsync(LlmCallContext context, ModelRate rate, CancellationToken cancellationToken)
    {
        if (rate.InputUsdPerMillion == 0 && rate.OutputUsdPerMillion == 0)
        {
            return 0;
        }

        var typical = await history.TypicalCallAsync(context.Role, cancellationToken);
        var promptTokens = context.ContextTokens > 0 ? context.ContextTokens : typical.PromptTokens;
        return CreditMath.Charge(rate, promptTokens, typical.CompletionTokens, Settings).Credits;
    }

    /// <summary>
    /// Throws <see cref="BuildPausedException"/> (the pipeline parks the build in <c>awaiting_credits</c>) when the
    /// next call would take the build past its cap or the user below zero. Nothing has been spent at that point.
    /// </summary>
    public async Task EnsureRoomAsync(LlmCallContext context, ModelRate rate, CancellationToken cancellationToken)
    {
        if (context.UserId is not { } userId)
        {
            return;
        }

        var next = await EstimateNextCallAsync(context, rate, cancellationToken);
        if (next == 0)
        {
            return;
        }

        var balance = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId).Select(u => u.Credits).FirstAsync(cancellationToken);
        if (balance - next < 0)
        {
            await RecordPauseAsync(context.ProjectId, PauseCause.Balance, cancellationToken);
            throw new BuildPausedException(
                $"Your balance is {CreditFormat.Show(balance)} credits and the next step needs about {CreditFormat.Show(next)}. "
                + "Buy credits (or ask an administrator for a grant) and the build continues where it stopped.");
        }

        if (context.ProjectId is not { } projectId)
        {
            return;
        }

        var spending = await SpendingAsync(projectId, cancellationToken);
        if (spending.SpentCredits + next > spending.CapCredits)
        {
            await RecordPauseAsync(projectId, PauseCause.BuildCap, cancellationToken);
            throw new BuildPausedException(
                $"This build has used {CreditFormat.Show(spending.SpentCredits)} of its {CreditFormat.Show(spending.CapCredits)}-credit limit "
                + $"and its next step needs about {CreditFormat.Show(next)} more. Continue the build to allow it another "
                + $"{CreditFormat.Show(CapStep)} credits.");
        }
    }

    /// <summary>
    /// Raises the build's cap by <c>MAX_CREDITS_PER_BUILD</c>, once per "continue": two simultaneous continues
    /// of the same pause raise it once (the second finds <paramref name="seenContinues"/> out of date).
    /// </summary>
    public async Task<bool> RaiseCapAsync(Guid projectId, int seenContinues, CancellationToken cancellationToken)
    {
        var step = CreditAmount.ToMicros(CapStep);
        var now = time.GetUtcNow().UtcDateTime;
        var raised = await db.Set<BuildBudget>()
            .Where(b => b.ProjectId == projectId && b.Continues == seenContinues)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.CapMicros, b => b.CapMicros + step)
                .SetProperty(b => b.Continues, b => b.Continues + 1)
                .SetProperty(b => b.PausedFor, (PauseCause?)null)
                .SetProperty(b => b.UpdatedAt, now), cancellationToken);
        if (raised == 1 || seenContinues > 0)
        {
            return raised == 1;
        }

        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO build_budgets (project_id, cap_micros, continues, paused_for, updated_at)
            VALUES ({projectId}, {step + step}, 1, NULL, {now})
            ON CONFLICT (project_id) DO NOTHING
            """, cancellationToken) == 1;
    }

    /// <summary>
    /// Remembers why the build is about to pause, written at once (outside the caller's unit of work, which must
    /// not be saved half-done), so that a top-up resumes only builds that credits can help.
    /// </summary>
    private async Task RecordPauseAsync(Guid? projectId, PauseCause cause, CancellationToken cancellationToken)
    {
        if (projectId is not { } id)
        {
            return;
        }

        var cap = CreditAmount.ToMicros(CapStep);
        var causeName = cause == PauseCause.Balance ? "balance" : "build_cap";
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO build_budgets (project_id, cap_micros, continues, paused_for, updated_at)
            VALUES ({id}, {cap}, 0, {causeName}, {now})
            ON CONFLICT (project_id) DO UPDATE SET paused_for = excluded.paused_for, updated_at = excluded.updated_at
            """, cancellationToken);
    }
}
