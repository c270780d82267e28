using DevBot.Agents;
using DevBot.Billing.CostControl;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Llm;
using DevBot.Observability;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using DevBot.Shared;
using DevBot.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Pipeline;

/// <summary>
/// Runs a build or a change (a later version: <see cref="ChangeJobHandler"/>): plan → per task (implement → static checks → review)* → tests in the sandbox → fix rounds from the
/// real failures → README → PLAN.md → ZIP. Every step is checkpointed in the database as it completes and every
/// model answer is stored, so running the same job again after a crash continues where it stopped without paying
/// for anything twice (checks are free and simply run again). Before every model call the budget is asked (see
/// <see cref="PipelineModelCaller"/>); a pause or refusal ends the run without an exception crossing features.
/// </summary>
internal sealed partial class BuildPipeline(
    DevBotDbContext db,
    ArchitectAgent architect,
    ImplementerAgent implementer,
    ICodeContextProvider contextProvider,
    IEnumerable<IProjectFilesObserver> filesObservers,
    ProjectHistory history,
    ProjectVersions versions,
    VersionArchives versionArchives,
    VersionDiffs diffs,
    ProjectQueries projects,
    ProjectEventLog eventLog,
    ProjectFileStore files,
    TestRunLog testRuns,
    ProjectChecks checks,
    BuildChecks buildChecks,
    ProjectEventSignal eventSignal,
    LlmGateway gateway,
    LlmUsage usage,
    BuildBudgets budgets,
    BuildCostEstimator costs,
    JobRetryPolicy retries,
    DevBotMetrics metrics,
    TimeProvider time,
    IOptions<PipelineOptions> options,
    IOptions<ProjectLimits> limits,
    IOptions<LlmOptions> llm,
    ILogger<BuildPipeline> logger) : IJobHandler
{
    /// <summary>The project of the job this (scoped) pipeline runs: whose event readers a save wakes.</summary>
    private Guid _projectId;

    public string Kind => ProjectService.BuildJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobLease lease, CancellationToken cancellationToken)
    {
        _projectId = job.ProjectId;
        var (project, tasks) = await projects.LoadForBuildAsync(job.ProjectId, cancellationToken);
        if (project is null)
        {
            return JobOutcome.Failed("The project no longer exists.");
        }

        if (project.Status.IsTerminal())
        {
            return project.Status == ProjectStatus.Cancelled ? JobOutcome.Cancelled : JobOutcome.Succeeded;
        }

        var calls = new PipelineModelCaller(gateway, budgets, lease, project, llm.Value.MaxOutputTokens);
        var version = await versions.FindTrackedAsync(project.Id, project.TargetVersion, cancellationToken);
        try
        {
            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            if (version is { Kind: VersionKind.Restore })
            {
                await RestoreAsync(project, version, cancellationToken);
                await PackageAsync(project, tasks, version, cancellationToken);
                return JobOutcome.Succeeded;
            }

            var planStop = tasks.Count > 0 ? null
                : version is { Kind: VersionKind.Change } change ? await PlanChangeAsync(project, change, tasks, calls, cancellationToken)
                : await PlanAsync(project, tasks, calls, cancellationToken);
            if (planStop is not null)
            {
                return await StopAsync(project, planStop);
            }

            foreach (var task in tasks.Where(t => t.Status != ProjectTaskStatus.Approved))
            {
                switch (await RunTaskAsync(project, tasks, task, calls, cancellationToken))
                {
                    case TaskOutcome.Failed failed:
                        await FailAsync(project, failed.Reason, CancellationToken.None);
                        return JobOutcome.Failed(failed.Reason);
                    case TaskOutcome.Stopped stopped:
                        return await StopAsync(project, stopped.Stop);
                }
            }

            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            if (project.Status is not (ProjectStatus.Documenting or ProjectStatus.Packaging)
                && await TestAndFixAsync(project, tasks, calls, cancellationToken) is { } fixStop)
            {
                return await StopAsync(project, fixStop);
            }

            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            if (await WriteReadmeAsync(project, tasks, calls, cancellationToken) is { } readmeStop)
            {
                return await StopAsync(project, readmeStop);
            }

            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            await PackageAsync(project, tasks, version, cancellationToken);
            return JobOutcome.Succeeded;
        }
        catch (BuildCancelledException)
        {
            project.MoveTo(ProjectStatus.Cancelled, Now);
            await AppendEventAsync(project, new BuildCancelled(ProjectService.CancelledByUser), CancellationToken.None);
            metrics.BuildFinished(BuildOutcome.Cancelled);
            return JobOutcome.Cancelled;
        }
        catch (LlmException llmFailure) when (llmFailure.IsTransient)
        {
            // The worker waits exactly this long (the same policy); when no claim is left it gives up and fails the build.
            if (retries.DelayAfter(job.Attempts, llmFailure.RetryAfter) is { } delay)
            {
                var cause = llmFailure is LlmUnreachableException ? RetryCause.ModelUnreachable : RetryCause.ModelBusy;
                await AppendEventAsync(project, new BuildRetrying(llmFailure.Message, cause, Now + delay), CancellationToken.None);
                return JobOutcome.RetryLater(llmFailure.Message, delay);
            }

            return JobOutcome.RetryLater(llmFailure.Message, llmFailure.RetryAfter);
        }
        catch (LlmException llmFailure)
        {
            await FailAsync(project, llmFailure.Message, CancellationToken.None);
            return JobOutcome.Failed(llmFailure.Message);
        }
    }

    public async Task OnGaveUpAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        var (project, _) = await projects.LoadForBuildAsync(job.ProjectId, cancellationToken);
        if (project is not null && !project.Status.IsTerminal())
        {
            await FailAsync(project, reason, cancellationToken);
        }
    }

    /// <summary>The architect's plan, or (returned) why there is none and the build stops.</summary>
    private static ModelStop? PlanOrStop(AgentResult<ProjectPlan> result, out ProjectPlan plan)
    {
        switch (result)
        {
            case AgentResult<ProjectPlan>.Done done:
                plan = done.Value;
                return null;
            case AgentResult<ProjectPlan>.Stopped stopped:
                plan = null!;
                return stopped.Stop;
            default:
                throw new InvalidOperationException("Unknown agent result.");
        }
    }

    /// <summary>The plan is adopted: the project moves on to implementing and tells so with its steps and estimate.</summary>
    private async Task StartImplementingAsync(Project project, ProjectPlan plan, List<ProjectTask> tasks, DateTime now, CancellationToken cancellationToken)
    {
        project.PlanMarkdown = PromptSections.TodoMarkdown(project.Title, tasks);
        project.MoveTo(ProjectStatus.Implementing, now);
        eventLog.Append(project.Id, new PlanReady(
            project.Title,
            plan.Summary,
            tasks.Select(t => new PlannedStep(t.Index, t.Title)).ToList(),
            await costs.EstimatePlannedBuildAsync(project.Id, tasks.Count, cancellationToken)), now);
        await SaveAsync(cancellationToken);
    }

    /// <summary>The plan's tasks as the version's task rows (titles bounded: the plan is a model's answer).</summary>
    private void AddPlannedTasks(Guid projectId, int version, ProjectPlan plan, List<ProjectTask> tasks, DateTime now)
    {
        tasks.AddRange(plan.Tasks.Select((t, i) => new ProjectTask
        {
            ProjectId = projectId,
            Version = version,
            Index = i + 1,
            Title = Clip(t.Title.Trim(), 300),
            Details = t.Details?.Trim() ?? string.Empty,
            UpdatedAt = now,
        }));
        projects.AddTasks(tasks);
    }

    /// <summary>Plans the project into <paramref name="tasks"/>; returns why it could not (the build stops), or null.</summary>
    private async Task<ModelStop?> PlanAsync(Project project, List<ProjectTask> tasks, IModelCaller calls, CancellationToken cancellationToken)
    {
        project.MoveTo(ProjectStatus.Planning, Now);
        await AppendEventAsync(project, new PlanningStarted(), cancellationToken);
        if (PlanOrStop(await architect.PlanAsync(calls, project, cancellationToken), out var plan) is { } stop)
        {
            return stop;
        }

        var now = Now;
        AddPlannedTasks(project.Id, version: 1, plan, tasks, now);
        if (project.TitleProvisional && !string.IsNullOrWhiteSpace(plan.Title))
        {
            project.Title = Clip(plan.Title.Trim(), ProjectLimits.MaxTitleLength);
            project.TitleProvisional = false;
        }

        project.PlanSummary = plan.Summary;
        project.TestCommand = string.IsNullOrWhiteSpace(plan.TestCommand) ? null : plan.TestCommand.Trim();
        await StartImplementingAsync(project, plan, tasks, now, cancellationToken);
        return null;
    }

    /// <summary>The build cannot make its next call: it waits for credits, or fails when the call may never be made.</summary>
    private async Task<JobOutcome> StopAsync(Project project, ModelStop stop)
    {
        if (stop.Kind == ModelStopKind.Refused)
        {
            await FailAsync(project, stop.Reason, CancellationToken.None);
            return JobOutcome.Failed(stop.Reason);
        }

        project.MoveTo(ProjectStatus.AwaitingCredits, Now);
        metrics.BuildFinished(BuildOutcome.Paused);
        await AppendEventAsync(project, new BuildPaused(stop.Reason), CancellationToken.None);
        return JobOutcome.Paused;
    }

    /// <summary>A step boundary: stops the build here if the user asked to cancel it.</summary>
    private async Task ThrowIfCancelRequestedAsync(Project project, CancellationToken cancellationToken)
    {
        if (await projects.IsCancelRequestedAsync(project.Id, cancellationToken))
        {
            project.CancelRequested = true;
            throw new BuildCancelledException();
        }
    }

    private async Task FailAsync(Project project, string reason, CancellationToken cancellationToken)
    {
        project.Fail(Clip(reason, 4000), Now);
        await AppendEventAsync(project, new BuildFailed(project.Error!), cancellationToken);
        LogFailed(project.Id, reason);
        metrics.BuildFinished(BuildOutcome.Failed);
    }

    private async Task AppendEventAsync(Project project, BuildEvent buildEvent, CancellationToken cancellationToken)
    {
        var now = Now;
        project.UpdatedAt = now;
        eventLog.Append(project.Id, buildEvent, now);
        await SaveAsync(cancellationToken);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        eventSignal.Pulse(_projectId);
    }

    private async Task NotifyFilesCommittedAsync(Guid projectId, IReadOnlyCollection<string> changed, CancellationToken cancellationToken)
    {
        foreach (var observer in filesObservers)
        {
            try
            {
                await observer.OnFilesCommittedAsync(projectId, changed, [], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An observer (the retrieval index) must never fail a build; it catches up on its own.
                LogObserverFailed(ex, observer.GetType().Name, projectId);
            }
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The user cancelled: unwinds the run to <see cref="RunAsync"/> from any step boundary (never leaves the pipeline).</summary>
    private sealed class BuildCancelledException : Exception;

    private static string Clip(string text, int max) => Utf8Text.Clip(text, max);

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return Clip(line, 200);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loop stop on task {TaskIndex} of project {ProjectId}")]
    private partial void LogLoopStop(int taskIndex, Guid projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: tests still fail after {Rounds} fix round(s); delivered with the failures named")]
    private partial void LogDeliveredFailing(Guid projectId, int rounds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId} completed: {Files} files, {Size} bytes")]
    private partial void LogCompleted(Guid projectId, int files, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {ProjectId} failed: {Reason}")]
    private partial void LogFailed(Guid projectId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Files observer {Observer} failed for project {ProjectId}")]
    private partial void LogObserverFailed(Exception exception, string observer, Guid projectId);
}
