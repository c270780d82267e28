using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Projects;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Billing.CostControl;

public enum ContinueStatus
{
    NotFound,
    NotPaused,

    /// <summary>The build waits for credits, not for permission: "continue" cannot help, a purchase or grant can.</summary>
    NeedsCredits,

    Continued,
}

public sealed record ContinueResult(ContinueStatus Status, string Message, BuildSpending? Spending = null);

/// <summary>
/// Puts builds paused in <c>awaiting_credits</c> back in line, through <see cref="ProjectService.ResumeAsync"/>
/// (the build continues from its last completed step; stored answers are replayed, not paid again).
/// </summary>
public sealed class PausedBuilds(DevBotDbContext db, ProjectService projects, ProjectQueries projectQueries, BuildBudgets budgets, CreditLedger ledger)
{
    /// <summary>After a purchase or grant: resumes the user's builds that were waiting for credits (not those at their cap).</summary>
    public async Task<IReadOnlyList<Guid>> ResumeAfterTopUpAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (await ledger.BalanceAsync(userId, cancellationToken) <= 0)
        {
            return [];
        }

        var awaiting = await projectQueries.AwaitingCreditsAsync(userId, cancellationToken);
        var atTheirCap = await db.Set<BuildBudget>().AsNoTracking()
            .Where(b => awaiting.Contains(b.ProjectId) && b.PausedFor == PauseCause.BuildCap)
            .Select(b => b.ProjectId)
            .ToListAsync(cancellationToken);
        var waiting = awaiting.Except(atTheirCap).ToList();
        var resumed = new List<Guid>();
        foreach (var projectId in waiting)
        {
            if (await projects.ResumeAsync(projectId, cancellationToken))
            {
                resumed.Add(projectId);
            }
        }

        return resumed;
    }

    /// <summary>
    /// The user's explicit "continue": a build paused at its cap gets another <c>MAX_CREDITS_PER_BUILD</c> and is
    /// resumed. A build paused because the balance cannot pay for its next step is not: it needs credits, and
    /// resumes when they arrive.
    /// </summary>
    public async Task<ContinueResult> ContinueAsync(Guid userId, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(userId, projectId, cancellationToken);
        if (project is null)
        {
            return new ContinueResult(ContinueStatus.NotFound, "No such project.");
        }

        if (project.Status != ProjectStatus.AwaitingCredits)
        {
            return new ContinueResult(ContinueStatus.NotPaused, $"The build is not waiting for credits (status: {project.Status.ToApi()}).");
        }

        var spending = await budgets.SpendingAsync(projectId, cancellationToken);
        if (spending.PausedFor == PauseCause.Balance)
        {
            // Only credits help here, and their arrival (a purchase or grant) resumes the build by itself.
            var balance = await ledger.BalanceAsync(userId, cancellationToken);
            return new ContinueResult(ContinueStatus.NeedsCredits,
                $"Your balance of {CreditFormat.Show(balance)} credits does not cover the next step: buy credits (or ask an administrator for a grant) and the build continues by itself.",
                spending);
        }

        await budgets.RaiseCapAsync(projectId, spending.Continues, cancellationToken);
        spending = await budgets.SpendingAsync(projectId, cancellationToken);
        await projects.ResumeAsync(projectId, cancellationToken);
        return new ContinueResult(ContinueStatus.Continued,
            $"The build continues where it stopped, with a limit of {CreditFormat.Show(spending.CapCredits)} credits ({CreditFormat.Show(spending.SpentCredits)} used).",
            spending);
    }
}
