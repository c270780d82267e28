using DevBot.Billing.Pricing;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Pipeline;
using DevBot.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.CostControl;

/// <summary>
/// Estimates a build's total credits after its plan: what it has spent, plus the calls its remaining tasks
/// should need (implement + review per expected attempt, then the README), each priced at the current price of
/// the role's model with the role's recent average token counts (or defaults before there is any history).
/// </summary>
public sealed class BuildCostEstimator(
    DevBotDbContext db,
    BuildBudgets budgets,
    UsageHistory history,
    PriceBook prices,
    IOptions<LlmOptions> llm,
    IOptions<BillingOptions> billing,
    IOptions<PipelineOptions> pipeline) : IBuildCostReader
{
    /// <summary>Review rounds a task takes before there is history: most pass first time, some need a second.</summary>
    public const decimal DefaultAttemptsPerTask = 1.5m;

    private const int AttemptsWindow = 200;

    public async Task<BuildCost> GetAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var calls = await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new { c.PromptTokens, c.CompletionTokens, c.CostUsd, c.CallKey })
            .ToListAsync(cancellationToken);
        var spending = await budgets.SpendingAsync(projectId, cancellationToken);
        var remaining = await RemainingAsync(projectId, calls.Any(c => c.CallKey.StartsWith("readme", StringComparison.Ordinal)), cancellationToken);
        return new BuildCost(
            spending.SpentCredits,
            calls.Sum(c => c.CostUsd),
            calls.Count,
            calls.Sum(c => (long)c.PromptTokens),
            calls.Sum(c => (long)c.CompletionTokens),
            spending.CapCredits,
            remaining is null ? null : CreditMath.RoundCredits(spending.SpentCredits + remaining.Credits),
            remaining?.Calls,
            remaining?.FromHistory ?? false,
            spending.PausedFor switch
            {
                PauseCause.Balance => "balance",
                PauseCause.BuildCap => "build_cap",
                _ => null,
            });
    }

    /// <summary>
    /// The estimated credits of a whole build that has just been planned with <paramref name="taskCount"/> tasks:
    /// what it has spent (the plan) plus every task's expected calls and the README. For the plan_ready message.
    /// </summary>
    public async Task<decimal> EstimatePlannedBuildAsync(Guid projectId, int taskCount, CancellationToken cancellationToken)
    {
        var spending = await budgets.SpendingAsync(projectId, cancellationToken);
        var remaining = await RemainingWorkAsync(taskCount, readmeWritten: false, cancellationToken);
        return CreditMath.RoundCredits(spending.SpentCredits + remaining.Credits);
    }

    private async Task<RemainingWork?> RemainingAsync(Guid projectId, bool readmeWritten, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.Status }).FirstOrDefaultAsync(cancellationToken);
        var tasks = await db.Set<ProjectTask>().AsNoTracking().Where(t => t.ProjectId == projectId).Select(t => t.Status).ToListAsync(cancellationToken);
        if (project is null || tasks.Count == 0)
        {
            return null;
        }

        if (project.Status.IsTerminal())
        {
            return new RemainingWork(0, 0, true);
        }

        var openTasks = tasks.Count(s => s is not (ProjectTaskStatus.Approved or ProjectTaskStatus.Failed));
        return await RemainingWorkAsync(openTasks, readmeWritten, cancellationToken);
    }

    private async Task<RemainingWork> RemainingWorkAsync(int openTasks, bool readmeWritten, CancellationToken cancellationToken)
    {
        var attempts = await AttemptsPerTaskAsync(cancellationToken);
        var implement = await CallCreditsAsync(LlmRole.Implementer, cancellationToken);
        var review = await CallCreditsAsync(LlmRole.Reviewer, cancellationToken);
        (decimal Credits, bool FromHistory)? readme = readmeWritten ? null : await CallCreditsAsync(LlmRole.Architect, cancellationToken);

        var taskCalls = openTasks * attempts.PerTask;
        var credits = (taskCalls * (implement.Credits + review.Credits)) + (readme?.Credits ?? 0m);
        var calls = (int)Math.Ceiling(taskCalls * 2) + (readme is null ? 0 : 1);
        var fromHistory = attempts.FromHistory && implement.FromHistory && review.FromHistory && (readme?.FromHistory ?? true);
        return new RemainingWork(credits, calls, fromHistory);
    }

    private async Task<(decimal PerTask, bool FromHistory)> AttemptsPerTaskAsync(CancellationToken cancellationToken)
    {
        var recent = await db.Set<ProjectTask>().AsNoTracking()
            .Where(t => t.Status == ProjectTaskStatus.Approved || t.Status == ProjectTaskStatus.Failed)
            .OrderByDescending(t => t.UpdatedAt)
            .Take(AttemptsWindow)
            .Select(t => t.Attempts)
            .ToListAsync(cancellationToken);
        if (recent.Count == 0)
        {
            return (DefaultAttemptsPerTask, false);
        }

        var average = (decimal)recent.Average();
        return (Math.Clamp(average, 1m, pipeline.Value.MaxReviewAttempts), true);
    }

    private async Task<(decimal Credits, bool FromHistory)> CallCreditsAsync(LlmRole role, CancellationToken cancellationToken)
    {
        var model = llm.Value.ModelFor(role);
        var rate = await prices.FindActiveAsync(model, cancellationToken) ?? ModelRate.Unpriced(model);
        var typical = await history.TypicalCallAsync(role, cancellationToken);
        return (CreditMath.Charge(rate, typical.PromptTokens, typical.CompletionTokens, billing.Value).Credits, typical.FromHistory);
    }

    private sealed record RemainingWork(decimal Credits, int Calls, bool FromHistory);
}
