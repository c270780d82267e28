using DevBot.Shared;

namespace DevBot.Projects;

/// <summary>Wakes event streams in this process when events were committed; other processes' events are found by polling.</summary>
public sealed class ProjectEventSignal : AsyncPulse;
