using System.Text;
using DevBot.Agents;
using DevBot.Observability;
using DevBot.Projects;
using DevBot.Projects.Events;
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
        var verification = await testRuns.VerificationAsync(project.Id, version: 1, cancellationToken);
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
        await files.StageAsync(project.Id, written, Now, cancellationToken);
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
        var verification = await testRuns.VerificationAsync(project.Id, version: 1, cancellationToken);
        await testRuns.SaveAnalysisAsync(await AnalysisAsync(project, delivered, cancellationToken), cancellationToken);
        var now = Now;
        project.Complete(key, size, now);
        eventLog.Append(project.Id, new BuildCompleted(
            project.Title, tasks.Count, delivered.Count, size, spent.PromptTokens, spent.CompletionTokens, spent.Credits, verification), now);
        await SaveAsync(cancellationToken);
        LogCompleted(project.Id, delivered.Count, size);
        metrics.BuildFinished(BuildOutcome.Completed);
    }

    /// <summary>The analysis record: size of the delivered code and what the checks found over the whole build.</summary>
    private async Task<ProjectAnalysis> AnalysisAsync(Project project, IReadOnlyDictionary<string, string> delivered, CancellationToken cancellationToken)
    {
        var runs = await testRuns.ListAsync(project.Id, cancellationToken);
        var statics = runs.Where(r => r.Kind == TestRunKind.Static).ToList();
        var last = runs.LastOrDefault(r => r.Kind == TestRunKind.Tests);
        return new ProjectAnalysis
        {
            ProjectId = project.Id,
            Version = 1,
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
