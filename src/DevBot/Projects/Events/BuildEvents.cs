using System.Text.Json.Serialization;
using DevBot.Projects.Versions;
using DevBot.Shared;

namespace DevBot.Projects.Events;

/// <summary>The build was accepted into the queue.</summary>
public sealed record BuildQueued(Guid JobId) : BuildEvent;

/// <summary>The architect started planning.</summary>
public sealed record PlanningStarted : BuildEvent;

/// <summary>One line of the plan as announced.</summary>
public sealed record PlannedStep(int Index, string Title);

/// <summary>The plan is stored; the build will run these tasks.</summary>
/// <param name="EstimatedCredits">The whole build's expected credits when billing estimated it, else null.</param>
public sealed record PlanReady(string Title, string Summary, IReadOnlyList<PlannedStep> Tasks, decimal? EstimatedCredits) : BuildEvent;

/// <summary>An implementation attempt of a task began.</summary>
public sealed record TaskStarted(int Index, int Total, string Title, int Attempt) : BuildEvent;

/// <summary>An attempt was reviewed. Approved attempts list the files they committed.</summary>
public sealed record TaskFinished(int Index, int Total, string Title, int Attempt, StepVerdict Verdict, string Feedback, IReadOnlyList<string>? Files = null) : BuildEvent;

/// <summary>The model was unavailable; the build runs again later.</summary>
/// <param name="Reason">The model's failure in words, naming the variable to fix when it is a setting.</param>
/// <param name="Cause">Why (null in events written before causes were recorded).</param>
/// <param name="RetryAt">When the build runs again (UTC; null in older events).</param>
public sealed record BuildRetrying(string Reason, RetryCause? Cause = null, DateTime? RetryAt = null) : BuildEvent;

/// <summary>Why a build waits to run again.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<RetryCause>))]
public enum RetryCause
{
    /// <summary>The model server answered busy or failing (429, 5xx, a timeout): it will likely recover.</summary>
    ModelBusy,

    /// <summary>The model server could not be reached at all: usually LLM_BASE_URL, or a server that is not running.</summary>
    ModelUnreachable,
}

/// <summary>The build stopped before a step it has no credits for (status <c>awaiting_credits</c>).</summary>
public sealed record BuildPaused(string Reason) : BuildEvent;

/// <summary>A paused build was put back in line.</summary>
public sealed record BuildResumed : BuildEvent;

/// <summary>The code runs in the sandbox: the project's tests (<paramref name="Command"/>, null when there is nothing to run).</summary>
public sealed record TestingStarted(string? Command) : BuildEvent;

/// <summary>
/// A check ran in the sandbox: a static check after a task (<paramref name="TaskIndex"/>) or the project's tests
/// (after the last task, or after fix round <paramref name="Round"/>). <paramref name="Summary"/> is one line for people.
/// </summary>
public sealed record TestRunFinished(
    int Index, TestRunKind Kind, string? Command, TestRunOutcome Outcome, int? Passed, int? Failed, bool TimedOut, long DurationMs,
    int? TaskIndex, int Round, string Summary, IReadOnlyList<string>? FailedTests = null) : BuildEvent;

/// <summary>The tests failed: the implementer gets the failing output and fixes the code (round <paramref name="Round"/> of <paramref name="MaxRounds"/>).</summary>
public sealed record FixRoundStarted(int Round, int MaxRounds, string Reason) : BuildEvent;

/// <summary>The README is being written.</summary>
public sealed record DocumentingStarted : BuildEvent;

/// <summary>The ZIP is being built.</summary>
public sealed record PackagingStarted : BuildEvent;

/// <summary>The build (or a change, a restore) was delivered.</summary>
/// <param name="Verification">What the final test run proved (null from builds before DevBot ran code).</param>
/// <param name="Version">The version delivered (1: the first build).</param>
/// <param name="Changes">For a later version: what it changed against the version it was made from.</param>
/// <param name="Credits">What the delivered version cost (a change: the change alone).</param>
public sealed record BuildCompleted(
    string Title, int Tasks, int Files, long ArchiveSize, long PromptTokens, long CompletionTokens, decimal Credits,
    VerificationSummary? Verification = null, int Version = 1, DiffStat? Changes = null, VersionKind Kind = VersionKind.Build) : BuildEvent;

/// <summary>The build ended without a delivery.</summary>
public sealed record BuildFailed(string Reason) : BuildEvent;

/// <summary>The user cancelled the build.</summary>
public sealed record BuildCancelled(string Reason) : BuildEvent;

/// <summary>
/// A new version of a delivered project was queued: a change in plain words (<paramref name="Instruction"/>) or a
/// restore of an earlier version (<paramref name="RestoredFrom"/>).
/// </summary>
public sealed record ChangeQueued(Guid JobId, int Version, VersionKind Kind, string? Instruction, int? RestoredFrom) : BuildEvent;

/// <summary>A version was stored with its archive; what it changed against the version it was made from.</summary>
public sealed record VersionCreated(int Version, VersionKind Kind, int? BaseVersion, DiffStat Changes) : BuildEvent;

/// <summary>
/// A stored kind this version does not know (written by a newer DevBot during a rolling upgrade). Never written or
/// streamed; readers skip it.
/// </summary>
internal sealed record UnknownBuildEvent(string Kind) : BuildEvent;
