using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Billing.Pricing;
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
/// The hard limits: a build may not spend past its cap, and a user may not spend past their balance. The pipeline
/// asks <see cref="CheckAsync"/> before every model call with that call's worst case, so neither is ever crossed.
/// </summary>
public sealed class BuildBudgets(
    DevBotDbContext db, PriceBook prices, IOptions<BillingOptions> options, IOptions<LlmOptions> llm, TimeProvider time)
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

    /// <summary>
    /// Asked before every model call. The call is admitted only if its worst case — its prompt bound plus the
    /// completion tokens it requests, priced — fits both what is left of the build's limit and the user's balance,
    /// so neither can ever be crossed: a call is never charged more than that worst case. Otherwise the build pauses
    /// before the call (nothing has been spent on it). A model without an active price is refused, unless the
    /// operator allowed unpriced models (then the call costs nothing).
    /// </summary>
    public async Task<BudgetDecision> CheckAsync(CallAdmission call, CancellationToken cancellationToken)
    {
        var model = llm.Value.ModelFor(call.Role);
        var rate = await prices.FindActiveAsync(model, cancellationToken);
        if (rate is null)
        {
            return Settings.AllowUnpricedModels ? BudgetDecision.Proceed : new BudgetDecision.Refused(UnpricedModel.Explain(model));
        }

        var worst = CreditMath.Charge(rate, call.Bounds.PromptTokens, call.Bounds.CompletionTokens, Settings).Credits;
        if (worst == 0)
        {
            return BudgetDecision.Proceed;
        }

        var balance = await db.Set<User>().AsNoTracking().Where(u => u.Id == call.UserId).Select(u => u.Credits).FirstAsync(cancellationToken);
        if (balance - worst < 0)
        {
            await RecordPauseAsync(call.ProjectId, PauseCause.Balance, cancellationToken);
            return new BudgetDecision.Paused(PauseCause.Balance,
                $"Your balance is {CreditFormat.Show(balance)} credits and the next step may cost up to {CreditFormat.Show(worst)}. "
                + "Buy credits (or ask an administrator for a grant) and the build continues where it stopped.");
        }

        if (call.ProjectId is not { } projectId)
        {
            return BudgetDecision.Proceed;
        }

        var spending = await SpendingAsync(projectId, cancellationToken);
        if (spending.SpentCredits + worst > spending.CapCredits)
        {
            await RecordPauseAsync(projectId, PauseCause.BuildCap, cancellationToken);
            return new BudgetDecision.Paused(PauseCause.BuildCap,
                $"This build has used {CreditFormat.Show(spending.SpentCredits)} of its {CreditFormat.Show(spending.CapCredits)}-credit limit "
                + $"and its next step may cost up to {CreditFormat.Show(worst)} more. Continue the build to allow it another "
                + $"{CreditFormat.Show(CapStep)} credits.");
        }

        return BudgetDecision.Proceed;
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
    /// A new version (a change) begins: its cap is <c>MAX_CREDITS_PER_BUILD</c> on top of what the project has spent so
    /// far, and its continues count from zero. Done once per version: a resumed change finds its version recorded.
    /// </summary>
    public async Task StartVersionAsync(Guid projectId, int version, CancellationToken cancellationToken)
    {
        var spentMicros = CreditAmount.ToMicros((await SpendingAsync(projectId, cancellationToken)).SpentCredits);
        var cap = spentMicros + CreditAmount.ToMicros(CapStep);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO build_budgets (project_id, cap_micros, continues, paused_for, updated_at, version, version_start_micros)
            VALUES ({projectId}, {cap}, 0, NULL, {now}, {version}, {spentMicros})
            ON CONFLICT (project_id) DO UPDATE SET cap_micros = excluded.cap_micros, continues = 0, paused_for = NULL,
                updated_at = excluded.updated_at, version = excluded.version, version_start_micros = excluded.version_start_micros
            WHERE build_budgets.version < excluded.version
            """, cancellationToken);
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
