using System.Globalization;
using DevBot.Agents;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;

namespace DevBot.Pipeline;

/// <summary>
/// Later versions of a delivered project: a change is planned from the instruction, the current files, retrieved code
/// and the project's history, then runs through the same tasks, checks, test-and-fix loop and README as a build; a
/// restore commits an earlier version's files and is packaged at once. Every step's files become one commit.
/// </summary>
internal sealed partial class BuildPipeline
{
    /// <summary>Characters of the files the user pointed at that a change plan may carry.</summary>
    private const int NamedFilesBudget = 24_000;

    private async Task<ModelStop?> PlanChangeAsync(
        Project project, ProjectVersion change, List<ProjectTask> tasks, IModelCaller calls, CancellationToken cancellationToken)
    {
        // The change spends MAX_CREDITS_PER_BUILD of its own, counted from what the project had spent before it.
        await budgets.StartVersionAsync(project.Id, change.Version, cancellationToken);
        project.MoveTo(ProjectStatus.Planning, Now);
        await AppendEventAsync(project, new PlanningStarted(), cancellationToken);
        var current = await files.LoadAsync(project.Id, cancellationToken);
        var instruction = change.Instruction ?? string.Empty;
        var context = await contextProvider.GetContextAsync(
            new CodeContextRequest(project.Id, instruction, string.Join('\n', change.PathList), current, options.Value.ContextTokenBudget), cancellationToken);
        var budget = NamedFilesBudget;
        var named = new List<FilePromptModel>();
        foreach (var path in change.PathList.Where(current.ContainsKey))
        {
            if (current[path].Length <= budget)
            {
                budget -= current[path].Length;
                named.Add(new FilePromptModel(path, current[path]));
            }
        }

        var line = await versions.LineAsync(project.Id, change.Version, cancellationToken);
        var historyLines = line.Where(v => v.Version != change.Version).Select(Describe).ToList();
        var request = new ChangePlanRequest(project, instruction, historyLines, current.Keys.Order(StringComparer.Ordinal).ToList(), named, context);
        if (PlanOrStop(await architect.PlanChangeAsync(calls, request, cancellationToken), out var plan) is { } stop)
        {
            return stop;
        }

        var now = Now;
        AddPlannedTasks(project.Id, change.Version, plan, tasks, now);
        change.Summary = plan.Summary;
        if (!string.IsNullOrWhiteSpace(plan.TestCommand))
        {
            project.TestCommand = plan.TestCommand.Trim();
        }

        project.FixRounds = 0;
        await StartImplementingAsync(project, plan, tasks, now, cancellationToken);
        return null;
    }

    /// <summary>Makes the working files those of the restored version and records that as one commit (nothing is paid).</summary>
    private async Task RestoreAsync(Project project, ProjectVersion restore, CancellationToken cancellationToken)
    {
        var from = restore.BaseVersion ?? project.Version;
        var to = restore.RestoredFrom ?? from;
        var (text, binary, removed) = await history.ChangesBetweenAsync(project.Id, from, to, cancellationToken);
        var draft = new CommitDraft(project.Id, restore.Version, CommitKind.Restore,
            string.Create(CultureInfo.InvariantCulture, $"Restore version {to}"),
            string.Create(CultureInfo.InvariantCulture, $"Version {restore.Version} has the files of version {to} again (undo of what came after it)."),
            text, Now)
        { Binary = binary, Removed = removed };
        await history.StageCommitAsync(draft, cancellationToken);
        await SaveAsync(cancellationToken);
        await NotifyFilesCommittedAsync(project.Id, text.Keys.Concat(removed).ToList(), cancellationToken);
    }

    /// <summary>Stages a step's files and records them as one commit of the version being built (saved by the caller).</summary>
    private Task<bool> StageCommitAsync(
        Project project, CommitKind kind, string message, string? body, IReadOnlyDictionary<string, string> written, CancellationToken cancellationToken) =>
        history.StageCommitAsync(new CommitDraft(project.Id, project.TargetVersion, kind, message, body, written, Now), cancellationToken);

    private static string TaskCommitBody(ProjectTask task, string? feedback, int attempt)
    {
        var verdict = string.IsNullOrWhiteSpace(feedback) ? "Approved" : "Approved: " + feedback.Trim();
        var attempts = attempt == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (attempt {attempt})");
        return (task.Details.Trim() + "\n\n" + verdict + attempts).Trim();
    }

    private static string Describe(ProjectVersion version) => version.Kind switch
    {
        VersionKind.Build => string.Create(CultureInfo.InvariantCulture, $"v{version.Version} built from the description"),
        VersionKind.Import => string.Create(CultureInfo.InvariantCulture, $"v{version.Version} imported from the user's code"),
        VersionKind.Restore => string.Create(CultureInfo.InvariantCulture, $"v{version.Version} restored the files of v{version.RestoredFrom}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"v{version.Version} changed: {OneLine(version.Instruction ?? string.Empty)}"),
    };
}

/// <summary>The job of every version after the first (a change or a restore): the same resumable pipeline as a build.</summary>
internal sealed class ChangeJobHandler(BuildPipeline pipeline) : DevBot.Jobs.IJobHandler
{
    public string Kind => ProjectChanges.JobKind;

    public Task<DevBot.Jobs.JobOutcome> RunAsync(DevBot.Jobs.Job job, DevBot.Jobs.JobLease lease, CancellationToken cancellationToken) =>
        pipeline.RunAsync(job, lease, cancellationToken);

    public Task OnGaveUpAsync(DevBot.Jobs.Job job, string reason, CancellationToken cancellationToken) =>
        pipeline.OnGaveUpAsync(job, reason, cancellationToken);
}
