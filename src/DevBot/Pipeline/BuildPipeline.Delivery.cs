using System.Text;
using DevBot.Agents;
using DevBot.Observability;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using DevBot.Shared;

namespace DevBot.Pipeline;

/// <summary>Delivery: the README (with what DevBot's own test run gave), PLAN.md, the analysis record, the ZIP.</summary>
internal sealed partial class BuildPipeline
{
    /// <summary>Writes the README and PLAN.md; returns why it could not (the build stops), or null when they are committed.</summary>
    private async Task<ModelStop?> WriteReadmeAsync(Project project, List<ProjectTask> tasks, IModelCaller calls, CancellationToken cancellationToken)
    {
        project.MoveTo(ProjectStatus.Documenting, Now);
        await AppendEventAsync(project, new DocumentingStarted(), cancellationToken);
        var current = await files.LoadAsync(project.Id, cancellationToken);
        var verification = await testRuns.VerificationAsync(project.Id, project.TargetVersion, cancellationToken);
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

        var section = TestsSection(verification);
        var maxBytes = limits.Value.MaxFileBytes;
        readme = Utf8Text.Truncate(readme.TrimEnd() + "\n", maxBytes - Utf8Text.ByteCount(section), preferLineBoundary: true) + section;
        var written = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["README.md"] = readme,
            ["PLAN.md"] = Utf8Text.Truncate(PlanDocument(project, tasks, verification), maxBytes, preferLineBoundary: true),
        };
        await StageCommitAsync(project, CommitKind.Docs, project.TargetVersion == 1 ? "Write README.md and PLAN.md" : "Update README.md and PLAN.md", null,
            written, cancellationToken);
        await SaveAsync(cancellationToken);
        await NotifyFilesCommittedAsync(project.Id, written.Keys, cancellationToken);
        return null;
    }

    /// <summary>
    /// What DevBot itself saw when it ran the tests, appended to the README by DevBot (not written by a model), so
    /// the delivered README always says how to run the tests and what the last run gave.
    /// </summary>
    private static string TestsSection(VerificationSummary? verification)
    {
        var text = new StringBuilder("\n## Tests (checked by DevBot)\n\n");
        if (verification?.Command is { } command)
        {
            text.Append("Run them from the project's root:\n\n```\n").Append(command).Append("\n```\n\n");
        }

        text.Append("Last run in DevBot's sandbox: ").Append(verification?.Describe() ?? "tests not run").Append(".\n");
        return text.ToString();
    }

    /// <summary>The plan as a project artifact: the TODO list ticked per approved task, the design notes, the test command.</summary>
    private static string PlanDocument(Project project, IReadOnlyList<ProjectTask> tasks, VerificationSummary? verification)
    {
        var text = new StringBuilder(PromptSections.TodoMarkdown(project.Title, tasks));
        if (!string.IsNullOrWhiteSpace(project.PlanSummary))
        {
            text.Append("\n## Design notes\n\n").Append(project.PlanSummary.Trim()).Append('\n');
        }

        text.Append("\n## Tests\n\n")
            .Append(verification?.Command is { } command ? $"`{command}`" : "No test command.")
            .Append(" — ").Append(verification?.Describe() ?? "tests not run").Append(".\n");
        return text.ToString();
    }

    private async Task PackageAsync(Project project, List<ProjectTask> tasks, ProjectVersion? version, CancellationToken cancellationToken)
    {
        project.MoveTo(ProjectStatus.Packaging, Now);
        await AppendEventAsync(project, new PackagingStarted(), cancellationToken);
        var number = project.TargetVersion;
        var delivered = await files.LoadAsync(project.Id, cancellationToken);

        // The history must end at the files delivered: anything staged outside a recorded step is committed here.
        var (unrecorded, removed) = await UnrecordedAsync(project.Id, number, delivered, cancellationToken);
        if ((unrecorded.Count > 0 || removed.Count > 0)
            && await history.StageCommitAsync(new CommitDraft(project.Id, number, CommitKind.Sync, "Bring the history up to the delivered files", null, unrecorded, Now) { Removed = removed }, cancellationToken))
        {
            await SaveAsync(cancellationToken);
        }

        var archive = await versionArchives.SaveAsync(project.Id, number, time.GetUtcNow(), cancellationToken);
        var changes = (await diffs.DiffAsync(project.Id, version?.BaseVersion, number, cancellationToken)).Stat;
        var spent = await usage.ForVersionAsync(project.Id, number, cancellationToken);
        var verification = await testRuns.VerificationAsync(project.Id, VerifiedVersion(version), cancellationToken);
        await testRuns.SaveAnalysisAsync(await AnalysisAsync(project, delivered, cancellationToken), cancellationToken);
        var now = Now;
        project.Complete(archive.Key, archive.Size, now);
        if (version is not null)
        {
            version.Status = VersionStatus.Completed;
            version.CompletedAt = now;
            version.ArchiveKey = archive.Key;
            version.ArchiveSize = archive.Size;
            version.FilesChanged = changes.FilesChanged;
            version.LinesAdded = changes.LinesAdded;
            version.LinesRemoved = changes.LinesRemoved;
        }

        var kind = version?.Kind ?? VersionKind.Build;
        eventLog.Append(project.Id, new VersionCreated(number, kind, version?.BaseVersion, changes), now);
        eventLog.Append(project.Id, new BuildCompleted(
            project.Title, tasks.Count, archive.Files, archive.Size, spent.PromptTokens, spent.CompletionTokens, spent.Credits, verification,
            number, number == 1 ? null : changes, kind), now);
        await SaveAsync(cancellationToken);
        LogCompleted(project.Id, archive.Files, archive.Size);
        metrics.BuildFinished(BuildOutcome.Completed);
    }

    /// <summary>The version whose test runs speak for this one: a restore ran none, its files are those it restored.</summary>
    private static int VerifiedVersion(ProjectVersion? version) =>
        version is { Kind: VersionKind.Restore, RestoredFrom: { } restored } ? restored : version?.Version ?? 1;

    /// <summary>Text files whose content the version's history does not have yet, and paths the history has that are gone.</summary>
    private async Task<(Dictionary<string, string> Unrecorded, List<string> Removed)> UnrecordedAsync(
        Guid projectId, int version, IReadOnlyDictionary<string, string> delivered, CancellationToken cancellationToken)
    {
        var tree = await history.TreeAsync(projectId, version, cancellationToken);
        var unrecorded = delivered
            .Where(f => !tree.TryGetValue(f.Key, out var entry) || entry.Sha256 != FileContent.Sha256(FileContent.Bytes(f.Value)))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var removed = tree.Where(e => !e.Value.Binary && !delivered.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        return (unrecorded, removed);
    }

    /// <summary>The analysis record: size of the delivered code and what the checks found over the whole build.</summary>
    private async Task<ProjectAnalysis> AnalysisAsync(Project project, IReadOnlyDictionary<string, string> delivered, CancellationToken cancellationToken)
    {
        var runs = (await testRuns.ListAsync(project.Id, cancellationToken)).Where(r => r.Version == project.TargetVersion).ToList();
        var statics = runs.Where(r => r.Kind == TestRunKind.Static).ToList();
        var last = runs.LastOrDefault(r => r.Kind == TestRunKind.Tests);
        return new ProjectAnalysis
        {
            ProjectId = project.Id,
            Version = project.TargetVersion,
            Files = delivered.Count,
            Lines = delivered.Values.Sum(CountLines),
            StaticFindings = statics.Sum(r => r.Findings),
            PlaceholderFindings = statics.Sum(r => r.Placeholders),
            TestsRun = (last?.Passed ?? 0) + (last?.Failed ?? 0),
            TestsPassed = last?.Passed ?? 0,
            TestsFailed = last?.Failed ?? 0,
            CreatedAt = Now,
        };
    }

    private static int CountLines(string content) =>
        content.Length == 0 ? 0 : content.Count(c => c == '\n') + (content.EndsWith('\n') ? 0 : 1);
}
