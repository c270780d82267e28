using DevBot.Agents;
using DevBot.Billing.CostControl;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Llm;
using DevBot.Observability;
using DevBot.Projects;
using DevBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Pipeline;

/// <summary>
/// Runs a build: plan → (implement → review)* per task → README → ZIP. Every step is checkpointed in the
/// database as it completes and every model answer is stored, so running the same job again after a crash
/// continues where it stopped without paying for anything twice.
/// </summary>
public sealed partial class BuildPipeline(
    DevBotDbContext db,
    ArchitectAgent architect,
    ImplementerAgent implementer,
    ICodeContextProvider contextProvider,
    IEnumerable<IProjectFilesObserver> filesObservers,
    IObjectStore archives,
    ProjectEventSignal eventSignal,
    DevBotMetrics metrics,
    TimeProvider time,
    BuildCostEstimator costs,
    IOptions<PipelineOptions> options,
    IOptions<ProjectLimits> limits,
    ILogger<BuildPipeline> logger) : IJobHandler
{
    public string Kind => ProjectService.BuildJobKind;

    public async Task<JobOutcome> RunAsync(Job job, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().FirstOrDefaultAsync(p => p.Id == job.ProjectId, cancellationToken);
        if (project is null)
        {
            return JobOutcome.Failed("The project no longer exists.");
        }

        if (project.Status.IsTerminal())
        {
            return project.Status == ProjectStatus.Cancelled ? JobOutcome.Cancelled : JobOutcome.Succeeded;
        }

        try
        {
            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            var tasks = await EnsurePlanAsync(project, cancellationToken);
            foreach (var task in tasks.Where(t => t.Status != ProjectTaskStatus.Approved))
            {
                var outcome = await RunTaskAsync(project, tasks, task, cancellationToken);
                if (!outcome.Approved)
                {
                    await FailAsync(project, outcome.Summary, CancellationToken.None);
                    return JobOutcome.Failed(outcome.Summary);
                }
            }

            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            await WriteReadmeAsync(project, tasks, cancellationToken);
            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            await PackageAsync(project, tasks, cancellationToken);
            return JobOutcome.Succeeded;
        }
        catch (BuildCancelledException)
        {
            project.Status = ProjectStatus.Cancelled;
            project.CompletedAt = Now;
            await AppendEventAsync(project, ProjectEventLog.Cancelled, new { reason = "Cancelled by the user." }, CancellationToken.None);
            metrics.BuildFinished("cancelled");
            return JobOutcome.Cancelled;
        }
        catch (BuildPausedException paused)
        {
            await PauseAsync(project, paused.Message, CancellationToken.None);
            return JobOutcome.Paused;
        }
        catch (LlmException llm) when (llm.IsTransient)
        {
            await AppendEventAsync(project, ProjectEventLog.Retrying, new { reason = llm.Message }, CancellationToken.None);
            return JobOutcome.RetryLater(llm.Message, llm.RetryAfter);
        }
        catch (LlmException llm)
        {
            await FailAsync(project, llm.Message, CancellationToken.None);
            return JobOutcome.Failed(llm.Message);
        }
    }

    public async Task OnGaveUpAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().FirstOrDefaultAsync(p => p.Id == job.ProjectId, cancellationToken);
        if (project is not null && !project.Status.IsTerminal())
        {
            await FailAsync(project, reason, cancellationToken);
        }
    }

    private async Task<List<ProjectTask>> EnsurePlanAsync(Project project, CancellationToken cancellationToken)
    {
        var tasks = await db.Set<ProjectTask>().Where(t => t.ProjectId == project.Id).OrderBy(t => t.Index).ToListAsync(cancellationToken);
        if (tasks.Count > 0)
        {
            return tasks;
        }

        await SetStatusAsync(project, ProjectStatus.Planning, ProjectEventLog.Planning, new { }, cancellationToken);
        var plan = await architect.PlanAsync(project, cancellationToken);

        var now = Now;
        tasks = plan.Tasks.Select((t, i) => new ProjectTask
        {
            ProjectId = project.Id,
            Index = i + 1,
            Title = Clip(t.Title.Trim(), 300),
            Details = t.Details?.Trim() ?? string.Empty,
            UpdatedAt = now,
        }).ToList();
        db.Set<ProjectTask>().AddRange(tasks);
        if (project.TitleProvisional && !string.IsNullOrWhiteSpace(plan.Title))
        {
            project.Title = Clip(plan.Title.Trim(), ProjectLimits.MaxTitleLength);
            project.TitleProvisional = false;
        }

        project.PlanSummary = plan.Summary;
        project.PlanMarkdown = PromptSections.TodoMarkdown(project.Title, tasks);
        project.Status = ProjectStatus.Implementing;
        project.UpdatedAt = now;
        ProjectEventLog.Append(db, project.Id, ProjectEventLog.PlanReady, new
        {
            title = project.Title,
            summary = plan.Summary,
            tasks = tasks.Select(t => new { index = t.Index, title = t.Title }),
            estimatedCredits = await costs.EstimatePlannedBuildAsync(project.Id, tasks.Count, cancellationToken),
        }, now);
        await SaveAsync(cancellationToken);
        return tasks;
    }

    private async Task<TaskOutcome> RunTaskAsync(Project project, List<ProjectTask> tasks, ProjectTask task, CancellationToken cancellationToken)
    {
        if (project.Status != ProjectStatus.Implementing)
        {
            project.Status = ProjectStatus.Implementing;
        }

        var settings = options.Value;
        var workspace = new ProjectWorkspace(await ProjectFiles.LoadAsync(db, project.Id, cancellationToken), limits.Value);
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
            await AppendEventAsync(project, ProjectEventLog.TaskStarted,
                new { index = task.Index, total = tasks.Count, title = task.Title, attempt }, cancellationToken);

            var stagedBefore = workspace.ChangedPaths;
            var context = await contextProvider.GetContextAsync(
                new CodeContextRequest(project.Id, task.Title, task.Details, workspace.Files, settings.ContextTokenBudget), cancellationToken);
            var parsed = await implementer.ImplementAsync(
                new ImplementRequest(project, tasks, task, attempt, feedback, stagedBefore, workspace.Files, context), cancellationToken);
            var problems = parsed.Problems.Concat(workspace.Apply(parsed.Edits)).ToList();
            var changed = workspace.ChangedPaths;

            var fingerprint = workspace.ChangeFingerprint();
            sameEditRepeats = fingerprint == lastFingerprint ? sameEditRepeats + 1 : 1;
            lastFingerprint = fingerprint;

            ReviewVerdict verdict;
            if (changed.Count == 0)
            {
                verdict = new ReviewVerdict("REJECTED", problems.Count > 0
                    ? "No file could be written: " + string.Join(" ", problems)
                    : "The answer contained no files. Write each file as its path on a line followed by a fenced code block with its complete content.");
            }
            else if (sameEditRepeats > 1 && lastFeedback is not null)
            {
                // The same files as last time: the verdict would be the same, so don't pay for a review again.
                verdict = new ReviewVerdict("REJECTED", lastFeedback);
            }
            else
            {
                await ThrowIfCancelRequestedAsync(project, cancellationToken);
                verdict = await architect.ReviewAsync(
                    new StepReviewRequest(project, tasks, task, attempt, changed, workspace.Files, problems, context), cancellationToken);
            }

            metrics.Review(verdict.IsApproved);
            if (verdict.IsApproved)
            {
                await CommitTaskAsync(project, tasks, task, workspace, verdict.Feedback, attempt, cancellationToken);
                return new TaskOutcome(true, verdict.Feedback ?? "approved");
            }

            feedback = Clip(verdict.Feedback ?? "Rejected without feedback.", 4000);
            sameFeedbackRepeats = feedback == lastFeedback ? sameFeedbackRepeats + 1 : 1;
            lastFeedback = feedback;
            task.Status = ProjectTaskStatus.Rejected;
            task.Feedback = feedback;
            task.UpdatedAt = Now;
            await AppendEventAsync(project, ProjectEventLog.TaskFinished,
                new { index = task.Index, total = tasks.Count, title = task.Title, attempt, verdict = "rejected", feedback = OneLine(feedback) }, cancellationToken);

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
        await ProjectFiles.StageAsync(db, project.Id, changed.ToDictionary(p => p, p => workspace.Files[p], StringComparer.Ordinal), now, cancellationToken);
        task.Status = ProjectTaskStatus.Approved;
        task.Feedback = feedback;
        task.UpdatedAt = now;
        project.PlanMarkdown = PromptSections.TodoMarkdown(project.Title, tasks);
        project.UpdatedAt = now;
        ProjectEventLog.Append(db, project.Id, ProjectEventLog.TaskFinished, new
        {
            index = task.Index,
            total = tasks.Count,
            title = task.Title,
            attempt,
            verdict = "approved",
            feedback = OneLine(feedback ?? string.Empty),
            files = changed,
        }, now);

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
        return new TaskOutcome(false, reason);
    }

    private async Task WriteReadmeAsync(Project project, List<ProjectTask> tasks, CancellationToken cancellationToken)
    {
        await SetStatusAsync(project, ProjectStatus.Documenting, ProjectEventLog.Documenting, new { }, cancellationToken);
        var files = await ProjectFiles.LoadAsync(db, project.Id, cancellationToken);
        var readme = await architect.WriteReadmeAsync(project, tasks, files, cancellationToken);
        var limit = limits.Value.MaxFileBytes;
        if (readme.Length > limit)
        {
            readme = readme[..limit];
        }

        await ProjectFiles.StageAsync(db, project.Id, new Dictionary<string, string> { ["README.md"] = readme }, Now, cancellationToken);
        await SaveAsync(cancellationToken);
        await NotifyFilesCommittedAsync(project.Id, ["README.md"], cancellationToken);
    }

    private async Task PackageAsync(Project project, List<ProjectTask> tasks, CancellationToken cancellationToken)
    {
        await SetStatusAsync(project, ProjectStatus.Packaging, ProjectEventLog.Packaging, new { }, cancellationToken);
        var files = await ProjectFiles.LoadAsync(db, project.Id, cancellationToken);
        var key = ProjectArchive.KeyFor(project.Id);
        long size;
        await using (var zip = ProjectArchive.Create(files, time.GetUtcNow()))
        {
            size = zip.Length;
            await archives.SaveAsync(key, zip, cancellationToken);
        }

        var usage = await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == project.Id && c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new { c.PromptTokens, c.CompletionTokens, c.Credits })
            .ToListAsync(cancellationToken);
        var now = Now;
        project.ArchiveKey = key;
        project.ArchiveSize = size;
        project.Status = ProjectStatus.Completed;
        project.CompletedAt = now;
        project.UpdatedAt = now;
        project.Error = null;
        ProjectEventLog.Append(db, project.Id, ProjectEventLog.Completed, new
        {
            title = project.Title,
            tasks = tasks.Count,
            files = files.Count,
            archiveSize = size,
            promptTokens = usage.Sum(u => (long)u.PromptTokens),
            completionTokens = usage.Sum(u => (long)u.CompletionTokens),
            credits = usage.Sum(u => u.Credits),
        }, now);
        await SaveAsync(cancellationToken);
        LogCompleted(project.Id, files.Count, size);
        metrics.BuildFinished("completed");
    }

    /// <summary>A step boundary: stops the build here if the user asked to cancel it.</summary>
    private async Task ThrowIfCancelRequestedAsync(Project project, CancellationToken cancellationToken)
    {
        if (await db.Set<Project>().AsNoTracking().Where(p => p.Id == project.Id).Select(p => p.CancelRequested).FirstAsync(cancellationToken))
        {
            project.CancelRequested = true;
            throw new BuildCancelledException();
        }
    }

    private async Task FailAsync(Project project, string reason, CancellationToken cancellationToken)
    {
        project.Status = ProjectStatus.Failed;
        project.Error = Clip(reason, 4000);
        project.CompletedAt = Now;
        await AppendEventAsync(project, ProjectEventLog.Failed, new { reason = project.Error }, cancellationToken);
        LogFailed(project.Id, reason);
        metrics.BuildFinished("failed");
    }

    private Task PauseAsync(Project project, string reason, CancellationToken cancellationToken)
    {
        project.Status = ProjectStatus.AwaitingCredits;
        project.Error = null;
        metrics.BuildFinished("paused");
        return AppendEventAsync(project, ProjectEventLog.AwaitingCredits, new { reason }, cancellationToken);
    }

    private Task SetStatusAsync(Project project, ProjectStatus status, string eventType, object data, CancellationToken cancellationToken)
    {
        project.Status = status;
        return AppendEventAsync(project, eventType, data, cancellationToken);
    }

    private async Task AppendEventAsync(Project project, string type, object data, CancellationToken cancellationToken)
    {
        var now = Now;
        project.UpdatedAt = now;
        ProjectEventLog.Append(db, project.Id, type, data, now);
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
