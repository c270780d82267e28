using DevBot.Shared;

namespace DevBot.Jobs;

/// <summary>Wakes idle worker loops in this process when work may be waiting (a local enqueue or a PostgreSQL NOTIFY).</summary>
public sealed class JobSignal : AsyncPulse;
