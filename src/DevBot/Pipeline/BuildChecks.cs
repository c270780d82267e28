using System.Globalization;
using System.Text;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Verification;

namespace DevBot.Pipeline;

/// <summary>A static check after a task, recorded: what the implementer must fix (empty when clean) and what the reviewer reads.</summary>
internal sealed record TaskCheck(StaticCheckReport Report, string Feedback, string ForReviewer);

/// <summary>
/// Runs the code's checks for the pipeline (<see cref="ProjectChecks"/>, in the sandbox) and records each as evidence:
/// a <see cref="ProjectTestRun"/> and a <see cref="TestRunFinished"/> event in the caller's unit of work. Turns the
/// results into the words the implementer, the reviewer and users read.
/// </summary>
internal sealed class BuildChecks(ProjectChecks checks, TestRunLog runs, ProjectEventLog eventLog, TimeProvider time)
{
    /// <summary>Placeholder and compile findings passed back to the implementer, at most.</summary>
    private const int MaxFindingsInFeedback = 20;

    public static bool TouchesTests(IEnumerable<string> changedPaths) => ProjectChecks.TouchesTests(changedPaths);

    public async Task<TaskCheck> CheckTaskAsync(
        Project project, int taskIndex, ProjectWorkspaceView workspace, IReadOnlyList<string> changed, CancellationToken cancellationToken)
    {
        var report = await checks.RunStaticChecksAsync(workspace.Files, changed, workspace.Committed, cancellationToken);
        var ran = report.Runs.Where(r => r.Kind == CheckKind.Static).ToList();
        var outcome = !report.Clean ? TestRunOutcome.Failed : ran.Count > 0 ? TestRunOutcome.Passed : TestRunOutcome.NotRun;
        var command = ran.Count > 0 ? string.Join(" && ", ran.Select(r => r.Command)) : null;
        var reason = report.NotRun.Count > 0 ? string.Join("; ", report.NotRun) : null;
        var summary = report.Clean
            ? ran.Count > 0 ? "the static check passed" : reason ?? "no static check applies to these files"
            : $"{Count(report.Placeholders.Count, "placeholder")} and {Count(report.Findings.Count, "compile finding")}";
        await RecordAsync(project, new ProjectTestRun
        {
            ProjectId = project.Id,
            Kind = TestRunKind.Static,
            TaskIndex = taskIndex,
            Round = project.FixRounds,
            Command = command,
            Outcome = outcome,
            ExitCode = ran.LastOrDefault()?.ExitCode,
            Findings = report.Findings.Count,
            Placeholders = report.Placeholders.Count,
            TimedOut = ran.Any(r => r.TimedOut),
            DurationMs = (long)ran.Sum(r => r.Duration.TotalMilliseconds),
            Output = string.Join("\n", ran.Select(r => r.Output)).Trim(),
            Reason = reason,
        }, summary, cancellationToken);

        return new TaskCheck(report, report.Clean ? string.Empty : FeedbackOf(report), DescribeForReviewer(report, command));
    }

    /// <summary>Runs the project's tests and records the run; <paramref name="taskIndex"/> is set for a run right after a task.</summary>
    public async Task<TestRunReport> RunTestsAsync(
        Project project, IReadOnlyDictionary<string, string> files, int? taskIndex, CancellationToken cancellationToken)
    {
        var report = await checks.RunTestsAsync(files, project.TestCommand, cancellationToken);
        await RecordAsync(project, new ProjectTestRun
        {
            ProjectId = project.Id,
            Kind = TestRunKind.Tests,
            TaskIndex = taskIndex,
            Round = project.FixRounds,
            Command = report.Command,
            Outcome = OutcomeOf(report.Status),
            ExitCode = report.ExitCode,
            Passed = report.Counts?.Passed,
            Failed = report.Counts?.NotPassed,
            TimedOut = report.TimedOut,
            DurationMs = (long)report.Duration.TotalMilliseconds,
            Output = report.Output,
            Reason = report.Reason,
            FailedTests = report.FailedTests.Count > 0 ? string.Join('\n', report.FailedTests) : null,
        }, Describe(report), cancellationToken);
        return report;
    }

    /// <summary>What the reviewer reads about a test run after a task.</summary>
    public static string DescribeForReviewer(TestRunReport report) =>
        $"Tests (`{report.Command}`): {Describe(report)}"
        + (report.Digest.Length > 0 ? "\n```\n" + report.Digest + "\n```" : string.Empty);

    /// <summary>A test run in one line for people: "11 passed, 1 failed", "timed out after 120 s", "not run: …".</summary>
    public static string Describe(TestRunReport report) => report.Status switch
    {
        TestRunStatus.Passed => report.Counts is { } passed ? $"{passed.Passed} passed, 0 failed" : "passed",
        TestRunStatus.Failed when report.Counts is { } counts => $"{counts.Passed} passed, {counts.NotPassed} failed"
            + (report.FailedTests.Count > 0 ? " (" + string.Join(", ", report.FailedTests.Take(3)) + (report.FailedTests.Count > 3 ? ", …" : "") + ")" : ""),
        TestRunStatus.Failed => report.Reason ?? $"failed (exit code {report.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"})",
        TestRunStatus.TimedOut => report.Reason ?? "timed out",
        _ => report.Reason ?? "not run",
    };

    public static TestRunOutcome OutcomeOf(TestRunStatus status) => status switch
    {
        TestRunStatus.Passed => TestRunOutcome.Passed,
        TestRunStatus.Failed => TestRunOutcome.Failed,
        TestRunStatus.TimedOut => TestRunOutcome.TimedOut,
        TestRunStatus.DependenciesUnavailable => TestRunOutcome.DependenciesUnavailable,
        TestRunStatus.NoTests => TestRunOutcome.NoTests,
        _ => TestRunOutcome.NotRun,
    };

    private async Task RecordAsync(Project project, ProjectTestRun run, string summary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        run.CreatedAt = now;
        run.Version = project.TargetVersion;
        await runs.AppendAsync(run, cancellationToken);
        eventLog.Append(project.Id, new TestRunFinished(
            run.Index, run.Kind, run.Command, run.Outcome, run.Passed, run.Failed, run.TimedOut, run.DurationMs, run.TaskIndex, run.Round, summary,
            run.FailedTestNames.Count > 0 ? run.FailedTestNames : null), now);
    }

    /// <summary>The exact lines to fix, sent straight back to the implementer (no review is paid for).</summary>
    private static string FeedbackOf(StaticCheckReport report)
    {
        var text = new StringBuilder("DevBot's checks found problems in your files; fix every one of them:\n");
        foreach (var placeholder in report.Placeholders.Take(MaxFindingsInFeedback))
        {
            text.Append("- ").Append(placeholder.Path).Append(':').Append(placeholder.Line).Append(" unfinished code (").Append(placeholder.RuleName)
                .Append("): ").AppendLine(placeholder.Text.Trim());
        }

        foreach (var finding in report.Findings.Take(Math.Max(0, MaxFindingsInFeedback - report.Placeholders.Count)))
        {
            text.Append("- ").Append(finding.Path.Length > 0 ? finding.Path : "(project)");
            if (finding.Line is { } line)
            {
                text.Append(':').Append(line);
            }

            text.Append(' ').Append(finding.Tool).Append(": ").AppendLine(finding.Message.Trim());
        }

        var more = report.Placeholders.Count + report.Findings.Count - MaxFindingsInFeedback;
        if (more > 0)
        {
            text.Append("- … and ").Append(more).AppendLine(" more.");
        }

        return text.ToString().TrimEnd();
    }

    private static string DescribeForReviewer(StaticCheckReport report, string? command)
    {
        var lines = new List<string>();
        if (command is not null)
        {
            lines.Add($"Static check (`{command}`): {(report.Findings.Count == 0 ? "passed" : $"{report.Findings.Count} finding(s)")}.");
        }

        lines.AddRange(report.NotRun.Select(n => $"Not run: {n}."));
        lines.Add(report.Placeholders.Count == 0 ? "No placeholders or unfinished code found." : $"{report.Placeholders.Count} placeholder(s) found.");
        return string.Join('\n', lines);
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

/// <summary>A task's files as the checks need them: the whole project after the task, and before it.</summary>
internal sealed record ProjectWorkspaceView(IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, string> Committed);
