using DevBot.Agents;

namespace DevBot.Billing.CostControl;

/// <summary>How many more calls of one role a build expects (fractional: an expected number of review rounds).</summary>
public sealed record ExpectedCalls(AgentRole Role, decimal Count);

/// <summary>The calls a build still expects to make.</summary>
/// <param name="FromHistory">True when the expectation comes from how earlier builds went, not from defaults.</param>
public sealed record RemainingWork(IReadOnlyList<ExpectedCalls> Calls, bool FromHistory)
{
    public static readonly RemainingWork None = new([], true);

    public int CallCount => (int)Math.Ceiling(Calls.Sum(c => c.Count));
}

/// <summary>
/// The shape of a build's remaining work, which only the pipeline knows (its steps, its review rounds); billing
/// prices it. Implemented by the pipeline, so the estimator never re-encodes the pipeline's steps.
/// </summary>
public interface IRemainingWorkSource
{
    /// <summary>What the project's build still has to do; null before it has a plan.</summary>
    Task<RemainingWork?> ForProjectAsync(Guid projectId, CancellationToken cancellationToken);

    /// <summary>What a build just planned with <paramref name="taskCount"/> tasks has to do.</summary>
    Task<RemainingWork> ForNewPlanAsync(int taskCount, CancellationToken cancellationToken);
}
