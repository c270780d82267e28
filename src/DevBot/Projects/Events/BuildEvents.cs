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
public sealed record BuildRetrying(string Reason) : BuildEvent;

/// <summary>The build stopped before a step it has no credits for (status <c>awaiting_credits</c>).</summary>
public sealed record BuildPaused(string Reason) : BuildEvent;

/// <summary>A paused build was put back in line.</summary>
public sealed record BuildResumed : BuildEvent;

/// <summary>The README is being written.</summary>
public sealed record DocumentingStarted : BuildEvent;

/// <summary>The ZIP is being built.</summary>
public sealed record PackagingStarted : BuildEvent;

/// <summary>The build was delivered.</summary>
public sealed record BuildCompleted(
    string Title, int Tasks, int Files, long ArchiveSize, long PromptTokens, long CompletionTokens, decimal Credits) : BuildEvent;

/// <summary>The build ended without a delivery.</summary>
public sealed record BuildFailed(string Reason) : BuildEvent;

/// <summary>The user cancelled the build.</summary>
public sealed record BuildCancelled(string Reason) : BuildEvent;

/// <summary>
/// A stored kind this version does not know (written by a newer DevBot during a rolling upgrade). Never written or
/// streamed; readers skip it.
/// </summary>
public sealed record UnknownBuildEvent(string Kind) : BuildEvent;
