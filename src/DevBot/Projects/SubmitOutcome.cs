using DevBot.Jobs;

namespace DevBot.Projects;

/// <summary>What submitting a build came to.</summary>
public abstract record SubmitOutcome;

/// <summary>Queued: the project, its job, and its 1-based place in line at that moment.</summary>
public sealed record SubmittedProject(Project Project, Job Job, int QueuePosition) : SubmitOutcome;

/// <summary>Refused: the user already has <see cref="Queued"/> builds waiting, and <see cref="Limit"/> is the most allowed.</summary>
public sealed record QueueLimitReached(int Queued, int Limit) : SubmitOutcome
{
    /// <summary>The refusal in one sentence, for any front door.</summary>
    public string Message =>
        $"You already have {Queued} {(Queued == 1 ? "build" : "builds")} waiting in the queue, the most allowed per user; send this again once {(Queued == 1 ? "it" : "one of them")} has started.";
}
