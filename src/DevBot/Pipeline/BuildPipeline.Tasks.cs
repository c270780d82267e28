using DevBot.Agents;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;

namespace DevBot.Pipeline;

/// <summary>One task: implement → static checks (findings go straight back) → tests if it wrote tests → review.</summary>
internal sealed partial class BuildPipeline
{
    private async Task<TaskOutcome> RunTaskAsync(Project project, List<ProjectTask> tasks, ProjectTask task, IModelCaller calls, CancellationToken cancellationToken)
    {
        if (project.Status != ProjectStatus.Implementing)
        {
            project.MoveTo(ProjectStatus.Implementing, Now);
        }

        var settings = options.Value;
        var workspace = new ProjectWorkspace(await files.LoadAsync(project.Id, cancellationToken), limits.Value);
        var loop = new LoopStop(settings.LoopStopRepeats);
        string? feedback = null;
        var explainedEdits = new HashSet<string>(StringComparer.Ordinal);

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
            if (implemented is AgentResult<ImplementationAnswer>.Stopped implementStopped)
            {
                return new TaskOutcome.Stopped(implementStopped.Stop);
            }

            var answer = ((AgentResult<ImplementationAnswer>.Done)implemented).Value;
            var problems = workspace.Apply(answer.Edits).Feedback.ToList();
            var changed = workspace.ChangedPaths;
            var fingerprint = workspace.ChangeFingerprint();
            var resubmitted = loop.IsSameEdit(fingerprint);

            var judged = await JudgeAsync(project, tasks, task, attempt, calls, workspace, changed, problems, context, answer.Explanation,
                resubmitted, explainedEdits, loop.LastFeedback, cancellationToken);
            if (judged is AgentResult<ReviewAnswer>.Stopped reviewStopped)
            {
                return new TaskOutcome.Stopped(reviewStopped.Stop);
            }

            var review = ((AgentResult<ReviewAnswer>.Done)judged).Value;
            if (review.IsApproved)
            {
                await CommitTaskAsync(project, tasks, task, workspace, review.Feedback, attempt, cancellationToken);
                return new TaskOutcome.Approved();
            }

            feedback = Clip(string.IsNullOrWhiteSpace(review.Feedback) ? "Rejected without feedback." : review.Feedback, 4000);
            task.Status = ProjectTaskStatus.Rejected;
            task.Feedback = feedback;
            task.UpdatedAt = Now;
            await AppendEventAsync(project, new TaskFinished(task.Index, tasks.Count, task.Title, attempt, StepVerdict.Rejected, OneLine(feedback)), cancellationToken);

            if (loop.Record(fingerprint, feedback) is { } stop)
            {
                LogLoopStop(task.Index, project.Id);
                return FailTask(task,
                    $"Task {task.Index} \"{task.Title}\" was stopped: {stop} came back {settings.LoopStopRepeats} times in a row. Reviewer: {feedback}");
            }
        }

        return FailTask(task,
            $"Task {task.Index} \"{task.Title}\" was not approved after {settings.MaxReviewAttempts} attempts. Reviewer: {feedback}");
    }

    /// <summary>
    /// The verdict on one attempt, paying for a review only when it can change something: no files, or findings of
    /// DevBot's own checks, go straight back; an unchanged resubmission is reviewed again only once, with the
    /// implementer's explanation.
    /// </summary>
    private async Task<AgentResult<ReviewAnswer>> JudgeAsync(
        Project project, List<ProjectTask> tasks, ProjectTask task, int attempt, IModelCaller calls, ProjectWorkspace workspace,
        IReadOnlyList<string> changed, IReadOnlyList<string> problems, CodeContext context, string explanation, bool resubmitted,
        HashSet<string> explainedEdits, string? lastFeedback, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return Rejected(problems.Count > 0
                ? "No file could be written: " + string.Join(" ", problems)
                : "The answer contained no files. Write each file as its path on a line followed by a fenced code block with its complete content.");
        }

        var fingerprint = workspace.ChangeFingerprint();
        var explains = resubmitted && explanation.Length > 0 && explainedEdits.Add(fingerprint);
        if (resubmitted && !explains && lastFeedback is not null)
        {
            // The same files as last time and nothing new to say: the verdict would be the same, so don't pay for it again.
            return Rejected(lastFeedback);
        }

        var check = await buildChecks.CheckTaskAsync(project, task.Index, new ProjectWorkspaceView(workspace.Files, workspace.CommittedFiles), changed, cancellationToken);
        await SaveAsync(cancellationToken);
        if (!check.Report.Clean)
        {
            return Rejected(check.Feedback);
        }

        var checksText = check.ForReviewer;
        if (BuildChecks.TouchesTests(changed))
        {
            var tests = await buildChecks.RunTestsAsync(project, workspace.Files, task.Index, cancellationToken);
            await SaveAsync(cancellationToken);
            checksText += "\n" + BuildChecks.DescribeForReviewer(tests);
        }

        await ThrowIfCancelRequestedAsync(project, cancellationToken);
        var reviewed = await architect.ReviewAsync(calls,
            new StepReviewRequest(project, tasks, task, attempt, changed, workspace.Files, problems, context, checksText, explains ? explanation : null),
            cancellationToken);
        if (reviewed is AgentResult<ReviewAnswer>.Done done)
        {
            metrics.Review(done.Value.IsApproved);
        }

        return reviewed;
    }

    private static AgentResult<ReviewAnswer> Rejected(string feedback) => new AgentResult<ReviewAnswer>.Done(new ReviewAnswer(StepVerdict.Rejected, feedback));

    private async Task CommitTaskAsync(Project project, List<ProjectTask> tasks, ProjectTask task, ProjectWorkspace workspace, string? feedback, int attempt, CancellationToken cancellationToken)
    {
        var now = Now;
        var changed = workspace.ChangedPaths;
        await StageCommitAsync(project, CommitKind.Task, task.Title, TaskCommitBody(task, feedback, attempt),
            changed.ToDictionary(p => p, p => workspace.Files[p], StringComparer.Ordinal), cancellationToken);
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
}
