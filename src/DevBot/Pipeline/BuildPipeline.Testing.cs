using System.Text.RegularExpressions;
using DevBot.Agents;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using DevBot.Verification;

namespace DevBot.Pipeline;

/// <summary>
/// After the last task: the project's tests run in the sandbox; a failure, crash or time-out starts a fix round in
/// which the implementer gets the real failing output. Each round's edits are committed with the round number, so a
/// crash resumes after the last committed round and replays (never re-pays) a stored fix answer.
/// </summary>
internal sealed partial class BuildPipeline
{
    /// <summary>Returns why the build must stop before delivery (no credits for a fix round), or null to deliver.</summary>
    private async Task<ModelStop?> TestAndFixAsync(Project project, List<ProjectTask> tasks, IModelCaller calls, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var current = await files.LoadAsync(project.Id, cancellationToken);
        var plan = checks.Plan(current, project.TestCommand);
        project.MoveTo(ProjectStatus.Testing, Now);
        await AppendEventAsync(project, new TestingStarted(plan.TestCommand ?? plan.Compile?.Display), cancellationToken);

        string? previousDigest = null;
        var sameFailures = 0;
        IReadOnlyList<string> previousProblems = [];
        while (true)
        {
            await ThrowIfCancelRequestedAsync(project, cancellationToken);
            var report = await buildChecks.RunTestsAsync(project, current, taskIndex: null, cancellationToken);
            await SaveAsync(cancellationToken);
            if (report.Status is not (TestRunStatus.Failed or TestRunStatus.TimedOut))
            {
                return null;
            }

            sameFailures = report.Digest == previousDigest ? sameFailures + 1 : 1;
            previousDigest = report.Digest;
            if (project.FixRounds >= settings.MaxFixRounds || sameFailures >= settings.LoopStopRepeats)
            {
                // Delivered as it is, with the failing tests named: the user can ask for a change.
                LogDeliveredFailing(project.Id, project.FixRounds);
                return null;
            }

            var round = project.FixRounds + 1;
            await AppendEventAsync(project, new FixRoundStarted(round, settings.MaxFixRounds, BuildChecks.Describe(report)), cancellationToken);
            var workspace = new ProjectWorkspace(current, limits.Value);
            var context = await contextProvider.GetContextAsync(
                new CodeContextRequest(project.Id, "Fix the failing tests", report.Digest, current, settings.ContextTokenBudget), cancellationToken);
            var fixedAnswer = await implementer.FixAsync(calls, new FixRequest(
                project, tasks, round, settings.MaxFixRounds, report.Command ?? "the tests", OutcomeClause(report), report.Digest,
                InvolvedPaths(report, current), current, previousProblems, context), cancellationToken);
            if (fixedAnswer is AgentResult<ImplementationAnswer>.Stopped stopped)
            {
                return stopped.Stop;
            }

            var answer = ((AgentResult<ImplementationAnswer>.Done)fixedAnswer).Value;
            previousProblems = workspace.Apply(answer.Edits).Feedback.ToList();
            var changed = workspace.ChangedPaths;

            // The round's edits and its number in one transaction: a crash leaves the round wholly done or not at all.
            project.FixRounds = round;
            await StageCommitAsync(project, CommitKind.Fix, $"Fix round {round}: {OutcomeClause(report)}", BuildChecks.Describe(report),
                changed.ToDictionary(p => p, p => workspace.Files[p], StringComparer.Ordinal), cancellationToken);
            await SaveAsync(cancellationToken);
            await NotifyFilesCommittedAsync(project.Id, changed, cancellationToken);
            current = new Dictionary<string, string>(workspace.Files, StringComparer.Ordinal);
        }
    }

    private static string OutcomeClause(TestRunReport report) => report.Status == TestRunStatus.TimedOut
        ? report.Reason ?? "did not finish in time"
        : report.Counts is { } counts ? $"{counts.NotPassed} of {counts.Total} tests failed" : "failed";

    /// <summary>
    /// The files a failure points at: those whose path or file name appears in the failing output (traceback frames,
    /// compiler errors, test ids), then the non-test sources, then the tests — most relevant first.
    /// </summary>
    internal static IReadOnlyList<string> InvolvedPaths(TestRunReport report, IReadOnlyDictionary<string, string> files)
    {
        var text = report.Digest + "\n" + string.Join('\n', report.FailedTests);
        var named = files.Keys
            .Where(path => text.Contains(path, StringComparison.Ordinal) || MentionsFileName(text, path))
            .Order(StringComparer.Ordinal);
        var sources = files.Keys.Where(p => !ProjectChecks.TouchesTests([p])).Order(StringComparer.Ordinal);
        var tests = files.Keys.Where(p => ProjectChecks.TouchesTests([p])).Order(StringComparer.Ordinal);
        return named.Concat(sources).Concat(tests).Where(p => !p.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
    }

    /// <summary>A file name (or a Python module name) standing alone in the output: "converter.py", "from converter import".</summary>
    private static bool MentionsFileName(string text, string path)
    {
        var name = Path.GetFileName(path);
        var stem = Path.GetFileNameWithoutExtension(path);
        return Regex.IsMatch(text, $@"(?<![\w./-]){Regex.Escape(name)}(?![\w])")
            || (path.EndsWith(".py", StringComparison.Ordinal) && stem.Length > 2 && Regex.IsMatch(text, $@"\b{Regex.Escape(stem)}\b"));
    }
}
