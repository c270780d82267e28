using DevBot.Projects.Events;

namespace DevBot.Projects;

internal sealed record CreateProjectRequest(string? Description, string? Title, string? Stack);

internal sealed record ProjectAccepted(Guid Id, Guid JobId, string Status, int QueuePosition);

public sealed record ProjectSummary(Guid Id, string Title, string Status, DateTime CreatedAt, DateTime UpdatedAt);

internal sealed record ProjectTaskView(int Index, string Title, string Details, string Status, int Attempts, string? Feedback);

public sealed record ProjectFileView(string Path, long Size);

/// <param name="WaitingReason">While the build waits to run again after the model failed: why (naming the setting to fix when it is one).</param>
/// <param name="RetryAt">While it waits: when it runs again (UTC).</param>
internal sealed record ProjectDetails(
    Guid Id,
    string Title,
    string Description,
    string? Stack,
    string Status,
    int? QueuePosition,
    string? PlanSummary,
    string? PlanMarkdown,
    IReadOnlyList<ProjectTaskView> Plan,
    IReadOnlyList<ProjectFileView> Files,
    string? Error,
    bool ArchiveReady,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? CompletedAt,
    BuildCost Cost,
    IReadOnlyList<TestRunView> TestRuns,
    VerificationView? Verification,
    AnalysisView? Analysis,
    string? WaitingReason = null,
    DateTime? RetryAt = null,
    int Version = 0);

/// <summary>One check DevBot ran on the code in its sandbox (<c>output</c>: the last ≤ 4 KB), for the version it checked.</summary>
internal sealed record TestRunView(
    int Index, TestRunKind Kind, string? Command, TestRunOutcome Outcome, int? ExitCode, int? Passed, int? Failed, bool TimedOut,
    long DurationMs, string Output, int? TaskIndex, int Round, string? Reason, IReadOnlyList<string> FailedTests, int Version = 1)
{
    public static TestRunView Of(ProjectTestRun run) => new(
        run.Index, run.Kind, run.Command, run.Outcome, run.ExitCode, run.Passed, run.Failed, run.TimedOut, run.DurationMs, run.Output,
        run.TaskIndex, run.Round, run.Reason, run.FailedTestNames, run.Version);
}

/// <summary>What the delivered code's final test run proved.</summary>
public sealed record VerificationView(VerificationStatus Status, int? Passed, int? Failed, string? Command, string? Reason, IReadOnlyList<string> FailedTests)
{
    public static VerificationView Of(VerificationSummary summary) =>
        new(summary.Status, summary.Passed, summary.Failed, summary.Command, summary.Reason, summary.FailedTests);
}

/// <summary>The build's analysis record: code size and what the checks found.</summary>
internal sealed record AnalysisView(int Files, int Lines, int StaticFindings, int PlaceholderFindings, int TestsRun, int TestsPassed, int TestsFailed)
{
    public static AnalysisView Of(ProjectAnalysis analysis) => new(
        analysis.Files, analysis.Lines, analysis.StaticFindings, analysis.PlaceholderFindings, analysis.TestsRun, analysis.TestsPassed, analysis.TestsFailed);
}

internal sealed record ProjectCancelled(Guid Id, string Status, string Message);

/// <summary>One state change as sent over Server-Sent Events: its outbox id, its kind, and the typed event.</summary>
internal sealed record ProjectEventView(long Id, string Type, BuildEvent Data, DateTime CreatedAt);
