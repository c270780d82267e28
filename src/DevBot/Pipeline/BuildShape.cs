using DevBot.Agents;
using DevBot.Billing.CostControl;
using DevBot.Llm;
using DevBot.Projects;
using Microsoft.Extensions.Options;

namespace DevBot.Pipeline;

/// <summary>
/// The pipeline's own account of the calls a build has left, for billing's estimates: per open task, an implement
/// and a review per expected attempt (from how recent tasks went, else 1.5), then the README unless it is written.
/// </summary>
internal sealed class BuildShape(ProjectService projects, ProjectQueries queries, LlmGateway gateway, IOptions<PipelineOptions> options) : IRemainingWorkSource
{
    /// <summary>Review rounds a task takes before there is history: most pass first time, some need a second.</summary>
    public const decimal DefaultAttemptsPerTask = 1.5m;

    /// <summary>How many recently finished tasks make the attempts average.</summary>
    private const int AttemptsWindow = 200;

    public async Task<RemainingWork?> ForProjectAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var project = await queries.FindAnyAsync(projectId, cancellationToken);
        var tasks = await projects.TasksAsync(projectId, cancellationToken);
        if (project is null || tasks.Count == 0)
        {
            return null;
        }

        if (project.Status.IsTerminal())
        {
            return RemainingWork.None;
        }

        var open = tasks.Count(t => t.Status is not (ProjectTaskStatus.Approved or ProjectTaskStatus.Failed));
        var readmeWritten = await gateway.FindStoredAsync(projectId, CallKey.Readme(project.TargetVersion), cancellationToken) is not null;
        return await ShapeAsync(open, readmeWritten, cancellationToken);
    }

    public Task<RemainingWork> ForNewPlanAsync(int taskCount, CancellationToken cancellationToken) =>
        ShapeAsync(taskCount, readmeWritten: false, cancellationToken);

    private async Task<RemainingWork> ShapeAsync(int openTasks, bool readmeWritten, CancellationToken cancellationToken)
    {
        var recent = await queries.RecentTaskAttemptsAsync(AttemptsWindow, cancellationToken);
        var attempts = recent.Count == 0
            ? DefaultAttemptsPerTask
            : Math.Clamp((decimal)recent.Average(), 1m, options.Value.MaxReviewAttempts);
        var taskCalls = openTasks * attempts;
        List<ExpectedCalls> calls = [new(AgentRoles.Implementer, taskCalls), new(AgentRoles.Reviewer, taskCalls)];
        if (!readmeWritten)
        {
            calls.Add(new ExpectedCalls(AgentRoles.Documenter, 1));
        }

        return new RemainingWork(calls, FromHistory: recent.Count > 0);
    }
}
