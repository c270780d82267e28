namespace DevBot.Jobs;

/// <summary>A user's jobs in the queue at one moment: waiting, and running under a live lease.</summary>
public readonly record struct QueueStanding(int Queued, int Running);
