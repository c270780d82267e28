namespace DevBot.Pipeline;

/// <summary>How one task ended: approved with its files, or failed with the reason.</summary>
internal sealed record TaskOutcome(bool Approved, string Summary);
