namespace DevBot.Observability;

/// <summary>How a build ended, or that it paused: the <c>outcome</c> label of <c>devbot_builds_finished_total</c>.</summary>
public enum BuildOutcome
{
    Completed,
    Failed,
    Cancelled,

    /// <summary>Stopped at its credit limit, waiting for credits or a continue.</summary>
    Paused,
}
