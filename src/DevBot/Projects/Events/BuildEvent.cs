using System.Text.Json.Serialization;

namespace DevBot.Projects.Events;

/// <summary>
/// A state change of a build, as the outbox <c>project_events</c> stores it and SSE, Telegram and the CLI read it.
/// The discriminator (<c>type</c> in JSON) is the event's kind, also stored in its own column; one record per kind,
/// so a rename breaks the compiler, not a reader at run time. Records stay backwards compatible: rows written by
/// an older DevBot must still read (add properties as nullable or with defaults, never rename).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(BuildQueued), BuildEventKinds.Queued)]
[JsonDerivedType(typeof(PlanningStarted), BuildEventKinds.Planning)]
[JsonDerivedType(typeof(PlanReady), BuildEventKinds.PlanReady)]
[JsonDerivedType(typeof(TaskStarted), BuildEventKinds.TaskStarted)]
[JsonDerivedType(typeof(TaskFinished), BuildEventKinds.TaskFinished)]
[JsonDerivedType(typeof(BuildRetrying), BuildEventKinds.Retrying)]
[JsonDerivedType(typeof(BuildPaused), BuildEventKinds.AwaitingCredits)]
[JsonDerivedType(typeof(BuildResumed), BuildEventKinds.Resumed)]
[JsonDerivedType(typeof(TestingStarted), BuildEventKinds.Testing)]
[JsonDerivedType(typeof(TestRunFinished), BuildEventKinds.TestRunFinished)]
[JsonDerivedType(typeof(FixRoundStarted), BuildEventKinds.FixRound)]
[JsonDerivedType(typeof(DocumentingStarted), BuildEventKinds.Documenting)]
[JsonDerivedType(typeof(PackagingStarted), BuildEventKinds.Packaging)]
[JsonDerivedType(typeof(BuildCompleted), BuildEventKinds.Completed)]
[JsonDerivedType(typeof(BuildFailed), BuildEventKinds.Failed)]
[JsonDerivedType(typeof(BuildCancelled), BuildEventKinds.Cancelled)]
[JsonDerivedType(typeof(ChangeQueued), BuildEventKinds.ChangeQueued)]
[JsonDerivedType(typeof(VersionCreated), BuildEventKinds.VersionCreated)]
public abstract record BuildEvent
{
    /// <summary>True for the events after which nothing more happens to the build.</summary>
    [JsonIgnore]
    public bool IsTerminal => this is BuildCompleted or BuildFailed or BuildCancelled;
}
