namespace DevBot.Projects;

/// <summary>A build's cost so far, its limit, and (once it has a plan) the credits the whole build will probably take.</summary>
public sealed record BuildCost(
    decimal SpentCredits,
    decimal CostUsd,
    int Calls,
    long PromptTokens,
    long CompletionTokens,
    decimal CapCredits,
    decimal? EstimatedTotalCredits,
    int? RemainingCalls,
    bool EstimateFromHistory,
    string? PausedFor);

/// <summary>Answers what a build has cost (billing knows; the project API shows it).</summary>
public interface IBuildCostReader
{
    Task<BuildCost> GetAsync(Guid projectId, CancellationToken cancellationToken);
}
