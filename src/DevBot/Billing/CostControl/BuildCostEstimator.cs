using DevBot.Agents;
using DevBot.Billing.Pricing;
using DevBot.Llm;
using DevBot.Projects;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.CostControl;

/// <summary>
/// Estimates a build's total credits after its plan: what it has spent, plus the calls the pipeline says remain,
/// each priced at the current price of its role's model with the role's typical token counts (the median of recent
/// calls, or the role's defaults before there is any history).
/// </summary>
public sealed class BuildCostEstimator(
    BuildBudgets budgets,
    UsageHistory history,
    PriceBook prices,
    LlmUsage usage,
    IRemainingWorkSource remainingWork,
    IOptions<LlmOptions> llm,
    IOptions<BillingOptions> billing) : IBuildCostReader
{
    public async Task<BuildCost> GetAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var used = await usage.ForProjectAsync(projectId, cancellationToken);
        var spending = await budgets.SpendingAsync(projectId, cancellationToken);
        var remaining = await remainingWork.ForProjectAsync(projectId, cancellationToken);
        (decimal Credits, bool FromHistory)? priced = remaining is null ? null : await PriceAsync(remaining, cancellationToken);
        return new BuildCost(
            spending.SpentCredits,
            used.CostUsd,
            used.Calls,
            used.PromptTokens,
            used.CompletionTokens,
            spending.CapCredits,
            priced is null ? null : CreditMath.RoundCredits(spending.SpentCredits + priced.Value.Credits),
            remaining?.CallCount,
            priced?.FromHistory ?? false,
            spending.PausedFor switch
            {
                PauseCause.Balance => "balance",
                PauseCause.BuildCap => "build_cap",
                _ => null,
            });
    }

    /// <summary>
    /// The estimated credits of a whole build that has just been planned with <paramref name="taskCount"/> tasks:
    /// what it has spent (the plan) plus everything its tasks and README should take. For the plan_ready event.
    /// </summary>
    public async Task<decimal> EstimatePlannedBuildAsync(Guid projectId, int taskCount, CancellationToken cancellationToken)
    {
        var spending = await budgets.SpendingAsync(projectId, cancellationToken);
        var priced = await PriceAsync(await remainingWork.ForNewPlanAsync(taskCount, cancellationToken), cancellationToken);
        return CreditMath.RoundCredits(spending.SpentCredits + priced.Credits);
    }

    private async Task<(decimal Credits, bool FromHistory)> PriceAsync(RemainingWork work, CancellationToken cancellationToken)
    {
        var credits = 0m;
        var fromHistory = work.FromHistory;
        foreach (var expected in work.Calls)
        {
            var call = await CallCreditsAsync(expected.Role, cancellationToken);
            credits += expected.Count * call.Credits;
            fromHistory &= call.FromHistory;
        }

        return (credits, fromHistory);
    }

    private async Task<(decimal Credits, bool FromHistory)> CallCreditsAsync(AgentRole role, CancellationToken cancellationToken)
    {
        var model = llm.Value.ModelFor(role.Model);
        var rate = await prices.FindActiveAsync(model, cancellationToken) ?? ModelRate.Unpriced(model);
        var typical = await history.TypicalCallAsync(role, cancellationToken);
        return (CreditMath.Charge(rate, typical.PromptTokens, typical.CompletionTokens, billing.Value).Credits, typical.FromHistory);
    }
}
