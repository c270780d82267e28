using DevBot.Agents;
using DevBot.Billing.CostControl;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Llm;
using DevBot.Observability;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Pipeline;

/// <summary>
/// Runs a build: plan → (implement → review)* per task → README → ZIP. Every step is checkpointed in the
/// database as it completes and every model answer is stored, so running the same job again after a crash
/// continues where it stopped without paying for anything twice. Before every model call the budget is asked
/// (see <see cref="PipelineModelCaller"/>); a pause or refusal ends the run without an exception crossing features.
/// </summary>
public sealed partial class BuildPipeline(
    DevBotDbContext db,
    ArchitectAgent architect,
    ImplementerAgent implementer,
    ICodeContextProvider contextProvider,
    IEnumerable<IProjectFilesObserver> filesObservers,
    IArchiveStore archives,
    ProjectQueries projects,
    ProjectEventLog eventLog,
    ProjectFileStore files,
    ProjectEventSignal eventSignal,
    LlmGateway gateway,
    LlmUsage usage,
    BuildBudgets budgets,
    BuildCostEstimator costs,
    DevBotMetrics metrics,
    TimeProvider time,
    IOptions<PipelineOptions> options,
    IOptions<ProjectLimits> limits,
    IOptions<LlmOptions> llm,
    ILogger<BuildPipeline> logger) : IJobHandler
{
    public string Kind => ProjectService.BuildJobKind;

    public async Task<JobOutcome> RunAsync(Job job, JobLease lease, CancellationToken cancellationToken)
    {
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
        try
        {
            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            if (tasks.Count == 0 && await PlanAsync(project, tasks, calls, cancellationToken) is { } planStop)
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
            if (await WriteReadmeAsync(project, tasks, calls, cancellationToken) is { } readmeStop)
            {
                return await StopAsync(project, readmeStop);
            }

            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            await PackageAsync(project, tasks, cancellationToken);
            return JobOutcome.Succeeded;
        }
        catch (BuildCancelledException)
        {
            project.MoveTo(ProjectStatus.Cancelled, Now);
            await AppendEventAsync(project, new BuildCancelled(ProjectService.CancelledByUser), CancellationToken.None);
            metrics.BuildFinished("cancelled");
            return JobOutcome.Cancelled;
        }
        catch (LlmException llmFailure) when (llmFailure.IsTransient)
        {
            await AppendEventAsync(project, new BuildRetrying(llmFailure.Message), CancellationToken.None);
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

    /// <summary>Plans the project into <paramref name="tasks"/>; returns why it could not (the build stops), or null.</summary>
    private async Task<ModelStop?> PlanAsync(Project project, List<ProjectTask> tasks, IModelCaller calls, CancellationToken cancellationToken)
    {
        project.MoveTo(ProjectStatus.Planning, Now);
        await AppendEventAsync(project, new PlanningStarted(), cancellationToken);
        ProjectPlan plan;
        switch (await architect.PlanAsync(calls, project, cancellationToken))
        {
            case AgentResult<ProjectPlan>.Done done:
                plan = done.Value;
                break;
            case AgentResult<ProjectPlan>.Stopped stopped:
                return stopped.Stop;
            default:
                throw new InvalidOperationException("Unknown agent result.");
        }

        var now = Now;
        tasks.AddRange(plan.Tasks.Select((t, i) => new ProjectTask
        {
            ProjectId = project.Id,
            Index = i + 1,
            Title = Clip(t.Title.Trim(), 300),
            Details = t.Details?.Trim() ?? string.Empty,
            UpdatedAt = now,
        }));
        projects.AddTasks(tasks);
        if (project.TitleProvisional && !string.IsNullOrWhiteSpace(plan.Title))
        {
            project.Title = Clip(plan.Title.Trim(), ProjectLimits.MaxTitleLength);
            project.TitleProvisional = false;
        }

        project.PlanSummary = plan.Summary;
        project.PlanMarkdown = PromptSections.TodoMarkdown(project.Title, tasks);
        project.MoveTo(ProjectStatus.Implementing, now);
        eventLog.Append(project.Id, new PlanReady(
            project.Title,
            plan.Summary,
            tasks.Select(t => new PlannedStep(t.Index, t.Title)).ToList(),
            await costs.EstimatePlannedBuildAsync(project.Id, tasks.Count, cancellationToken)), now);
        await SaveAsync(cancellationToken);
        return null;
    }

    private async Task<TaskOutcome> RunTaskAsync(Project project, List<ProjectTask> tasks, ProjectTask task, IModelCaller calls, CancellationToken cancellationToken)
    {
        if (project.Status != ProjectStatus.Implementing)
        {
            project.MoveTo(ProjectStatus.Implementing, Now);
        }

        var settings = options.Value;
        var workspace = new ProjectWorkspace(await files.LoadAsync(project.Id, cancellationToken), limits.Value);
        string? feedback = null;
        string? lastFingerprint = null;
        string? lastFeedback = null;
        var sameEditRepeats = 0;
        var sameFeedbackRepeats = 0;

        for (var attempt = 1; attempt <= settings.MaxReviewAttempts; attempt++)
        {
            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            task.Status = ProjectTaskStatus.InProgress;
            task.Attempts = attempt;
            task.UpdatedAt = Now;
            await AppendEventAsync(project, new TaskStarted(task.Index, tasks.Count, task.Title, attempt), cancellationToken);

            var stagedBefore = workspace.ChangedPaths;
            var context = await contextProvider.GetContextAsync(
                new CodeContextRequest(project.Id, task.Title, task.Details, workspace.Files, settings.ContextTokenBudget), cancellationToken);
            var implemented = await implementer.ImplementAsync(
                calls, new ImplementRequest(project, tasks, task, attempt, feedback, stagedBefore, workspace.Files, context), cancellationToken);
            if (implemented is AgentResult<ParsedEdits>.Stopped implementStopped)
            {
                return new TaskOutcome.Stopped(implementStopped.Stop);
            }

            var parsed = ((AgentResult<ParsedEdits>.Done)implemented).Value;
            var problems = parsed.Problems.Concat(workspace.Apply(parsed.Edits)).ToList();
            var changed = workspace.ChangedPaths;

            var fingerprint = workspace.ChangeFingerprint();
            sameEditRepeats = fingerprint == lastFingerprint ? sameEditRepeats + 1 : 1;
            lastFingerprint = fingerprint;

            ReviewAnswer review;
            if (changed.Count == 0)
            {
                review = new ReviewAnswer(StepVerdict.Rejected, problems.Count > 0
                    ? "No file could be written: " + string.Join(" ", problems)
                    : "The answer contained no files. Write each file as its path on a line followed by a fenced code block with its complete content.");
            }
            else if (sameEditRepeats > 1 && lastFeedback is not null)
            {
                // The same files as last time: the verdict would be the same, so don't pay for a review again.
                review = new ReviewAnswer(StepVerdict.Rejected, lastFeedback);
            }
            else
            {
                await ThrowIfCancelRequestedAsync(project, cancellationToken);
                switch (await architect.ReviewAsync(
                    calls, new StepReviewRequest(project, tasks, task, attempt, changed, workspace.Files, problems, context), cancellationToken))
                {
                    case AgentResult<ReviewAnswer>.Done done:
                        review = done.Value;
                        metrics.Review(review.IsApproved);
                        break;
                    case AgentResult<ReviewAnswer>.Stopped stopped:
                        return new TaskOutcome.Stopped(stopped.Stop);
                    default:
                        throw new InvalidOperationException("Unknown agent result.");
                }
            }

            if (review.IsApproved)
            {
                await CommitTaskAsync(project, tasks, task, workspace, review.Feedback, attempt, cancellationToken);
                return new TaskOutcome.Approved();
            }

            feedback = Clip(string.IsNullOrWhiteSpace(review.Feedback) ? "Rejected without feedback." : review.Feedback, 4000);
            sameFeedbackRepeats = feedback == lastFeedback ? sameFeedbackRepeats + 1 : 1;
            lastFeedback = feedback;
            task.Status = ProjectTaskStatus.Rejected;
            task.Feedback = feedback;
            task.UpdatedAt = Now;
            await AppendEventAsync(project, new TaskFinished(task.Index, tasks.Count, task.Title, attempt, StepVerdict.Rejected, OneLine(feedback)), cancellationToken);

            if (sameEditRepeats >= settings.LoopStopRepeats || sameFeedbackRepeats >= settings.LoopStopRepeats)
            {
                LogLoopStop(task.Index, project.Id);
                return FailTask(task,
                    $"Task {task.Index} \"{task.Title}\" was stopped: the same {(sameEditRepeats >= settings.LoopStopRepeats ? "edit" : "rejection")} came back {settings.LoopStopRepeats} times in a row. Reviewer: {feedback}");
            }
        }

        return FailTask(task,
            $"Task {task.Index} \"{task.Title}\" was not approved after {settings.MaxReviewAttempts} attempts. Reviewer: {feedback}");
    }

    private async Task CommitTaskAsync(Project project, List<ProjectTask> tasks, ProjectTask task, ProjectWorkspace workspace, string? feedback, int attempt, CancellationToken cancellationToken)
    {
        var now = Now;
        var changed = workspace.ChangedPaths;
        await files.StageAsync(project.Id, changed.ToDictionary(p => p, p => workspace.Files[p], StringComparer.Ordinal), now, cancellationToken);
        task.Status = ProjectTaskStatus.Approved;
        task.Feedback = feedback;
        task.UpdatedAt = now;
        project.PlanMarkdown = PromptSections.TodoMarkdown(project.Title, tasks);
        project.UpdatedAt = now;
        eventLog.Append(project.Id, new TaskFinished(task.Index, tasks.Count, task.Title, attempt, StepVerdict.Approved, OneLine(feedback ?? string.Empty), changed), now);

        // Files and verdict in one transaction: a crash leaves the task either wholly done or not at all.
        await SaveAsync(cancellationToken);
        await NotifyFilesCommittedAsync(project.Id, changed, cancellationToken);
    }

    /// <summary>
    /// Marks the task failed without saving: the caller fails the build next, and both are saved together, so a
    /// crash never leaves a failed task under a build that still looks in progress.
    /// </summary>
    private TaskOutcome FailTask(ProjectTask task, string reason)
    {
        task.Status = ProjectTaskStatus.Failed;
        task.UpdatedAt = Now;
        return new TaskOutcome.Failed(reason);
    }

    /// <summary>Writes the README; returns why it could not (the build stops), or null when it is committed.</summary>
    private async Task<ModelStop?> WriteReadmeAsync(Project project, List<ProjectTask> tasks, IModelCaller calls, CancellationToken cancellationToken)
    {
        project.MoveTo(ProjectStatus.Documenting, Now);
        await AppendEventAsync(project, new DocumentingStarted(), cancellationToken);
        var current = await files.LoadAsync(project.Id, cancellationToken);
        string readme;
        switch (await architect.WriteReadmeAsync(calls, project, tasks, current, cancellationToken))
        {
            case AgentResult<string>.Done done:
                readme = done.Value;
                break;
            case AgentResult<string>.Stopped stopped:
                return stopped.Stop;
            default:
                throw new InvalidOperationException("Unknown agent result.");
        }

        var limit = limits.Value.MaxFileBytes;
        if (readme.Length > limit)
        {
            readme = readme[..limit];
        }

        await files.StageAsync(project.Id, new Dictionary<string, string> { ["README.md"] = readme }, Now, cancellationToken);
        await SaveAsync(cancellationToken);
        await NotifyFilesCommittedAsync(project.Id, ["README.md"], cancellationToken);
        return null;
    }

    private async Task PackageAsync(Project project, List<ProjectTask> tasks, CancellationToken cancellationToken)
    {
        project.MoveTo(ProjectStatus.Packaging, Now);
        await AppendEventAsync(project, new PackagingStarted(), cancellationToken);
        var delivered = await files.LoadAsync(project.Id, cancellationToken);
        var key = ProjectArchive.KeyFor(project.Id);
        long size;
        await using (var zip = ProjectArchive.Create(delivered, time.GetUtcNow()))
        {
            size = zip.Length;
            await archives.SaveAsync(key, zip, cancellationToken);
        }

        var spent = await usage.ForProjectAsync(project.Id, cancellationToken);
        var now = Now;
        project.Complete(key, size, now);
        eventLog.Append(project.Id, new BuildCompleted(
            project.Title, tasks.Count, delivered.Count, size, spent.PromptTokens, spent.CompletionTokens, spent.Credits), now);
        await SaveAsync(cancellationToken);
        LogCompleted(project.Id, delivered.Count, size);
        metrics.BuildFinished("completed");
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
        metrics.BuildFinished("paused");
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
        metrics.BuildFinished("failed");
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
        eventSignal.Pulse();
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

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return Clip(line, 200);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loop stop on task {TaskIndex} of project {ProjectId}")]
    private partial void LogLoopStop(int taskIndex, Guid projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId} completed: {Files} files, {Size} bytes")]
    private partial void LogCompleted(Guid projectId, int files, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {ProjectId} failed: {Reason}")]
    private partial void LogFailed(Guid projectId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Files observer {Observer} failed for project {ProjectId}")]
    private partial void LogObserverFailed(Exception exception, string observer, Guid projectId);
}
