namespace DevBot.Projects.Events;

/// <summary>The stored and streamed name of each event kind (the <c>type</c> discriminator and the SSE event name).</summary>
public static class BuildEventKinds
{
    public const string Queued = "queued";
    public const string Planning = "planning";
    public const string PlanReady = "plan_ready";
    public const string TaskStarted = "task_started";
    public const string TaskFinished = "task_finished";
    public const string Retrying = "retrying";
    public const string AwaitingCredits = "awaiting_credits";
    public const string Resumed = "resumed";
    public const string Testing = "testing";
    public const string TestRunFinished = "test_run_finished";
    public const string FixRound = "fix_round";
    public const string Documenting = "documenting";
    public const string Packaging = "packaging";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string ChangeQueued = "change_queued";
    public const string VersionCreated = "version_created";
}
