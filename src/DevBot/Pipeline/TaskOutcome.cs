using DevBot.Agents;

namespace DevBot.Pipeline;

/// <summary>How one task ended.</summary>
internal abstract record TaskOutcome
{
    /// <summary>Approved; its files are committed.</summary>
    public sealed record Approved : TaskOutcome;

    /// <summary>The task cannot be done (attempts used up, loop stop); the build fails with the reason.</summary>
    public sealed record Failed(string Reason) : TaskOutcome;

    /// <summary>No call could be made (paused for credits, refused); nothing of the attempt is kept.</summary>
    public sealed record Stopped(ModelStop Stop) : TaskOutcome;
}
