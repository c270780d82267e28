using System.Text.Json;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;

namespace DevBot.Tests.Projects;

public sealed class BuildEventTests
{
    /// <summary>One example of every kind of event.</summary>
    public static TheoryData<BuildEvent> Examples =>
    [
        new BuildQueued(Guid.CreateVersion7()),
        new PlanningStarted(),
        new PlanReady("Converter", "Functions, CLI, tests.", [new PlannedStep(1, "Functions"), new PlannedStep(2, "CLI")], 1.25m),
        new TaskStarted(2, 3, "CLI", 1),
        new TaskFinished(2, 3, "CLI", 1, StepVerdict.Approved, "Looks good.", ["cli.py"]),
        new TaskFinished(2, 3, "CLI", 2, StepVerdict.Rejected, "Validate input."),
        new BuildRetrying("The model is busy."),
        new BuildPaused("Out of credits."),
        new BuildResumed(),
        new TestingStarted("python3 -m unittest discover -v"),
        new TestRunFinished(4, TestRunKind.Tests, "python3 -m unittest discover -v", TestRunOutcome.Failed, 11, 1, false, 420, null, 0,
            "11 passed, 1 failed (test_freezing)", ["test_freezing (tests.test_converter.ConverterTests.test_freezing)"]),
        new TestRunFinished(1, TestRunKind.Static, "python3 -m py_compile cli.py", TestRunOutcome.Passed, null, null, false, 180, 2, 0, "the static check passed"),
        new FixRoundStarted(1, 3, "11 passed, 1 failed"),
        new DocumentingStarted(),
        new PackagingStarted(),
        new BuildCompleted("Converter", 3, 4, 2048, 1000, 500, 0.75m),
        new BuildCompleted("Converter", 3, 5, 2048, 1000, 500, 0.75m,
            new VerificationSummary(VerificationStatus.Failed, 11, 1, "python3 -m unittest discover -v", null, ["test_freezing"])),
        new BuildCompleted("Converter", 1, 5, 4096, 300, 200, 0.25m, null, 2, new DiffStat(1, 3, 1), VersionKind.Change),
        new ChangeQueued(Guid.CreateVersion7(), 2, VersionKind.Change, "Add a Kelvin conversion.", null),
        new ChangeQueued(Guid.CreateVersion7(), 3, VersionKind.Restore, null, 1),
        new VersionCreated(2, VersionKind.Change, 1, new DiffStat(2, 10, 4)),
        new BuildFailed("Task 2 was stopped."),
        new BuildCancelled("Cancelled by the user."),
    ];

    [Fact]
    public void The_examples_cover_every_kind()
    {
        Examples.Select(e => BuildEventJson.KindOf(e.Data)).Distinct().Order().ShouldBe(BuildEventJson.Kinds.Order());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_event_reads_back_as_the_same_record_from_its_stored_form(BuildEvent buildEvent)
    {
        var kind = BuildEventJson.KindOf(buildEvent);
        var json = BuildEventJson.Serialize(buildEvent);

        var read = BuildEventJson.Deserialize(kind, json);

        read.ShouldNotBeNull().GetType().ShouldBe(buildEvent.GetType());
        BuildEventJson.Serialize(read).ShouldBe(json);
        JsonDocument.Parse(json).RootElement.GetProperty("type").GetString().ShouldBe(kind);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_event_reads_back_from_its_discriminator_alone(BuildEvent buildEvent)
    {
        var json = BuildEventJson.Serialize(buildEvent);

        JsonSerializer.Deserialize<BuildEvent>(json, BuildEventJson.Options).ShouldNotBeNull().GetType().ShouldBe(buildEvent.GetType());
    }

    [Fact]
    public void Rows_written_before_events_carried_a_type_still_read_typed()
    {
        const string stored = """{"index":1,"total":3,"title":"Conversion functions","attempt":1,"verdict":"approved","feedback":"Looks good.","files":["converter.py"]}""";

        var read = BuildEventJson.Deserialize(BuildEventKinds.TaskFinished, stored).ShouldBeOfType<TaskFinished>();

        read.Verdict.ShouldBe(StepVerdict.Approved);
        read.Files.ShouldBe(["converter.py"]);
        BuildEventJson.Deserialize(BuildEventKinds.PlanReady, """{"title":"T","summary":"S","tasks":[{"index":1,"title":"a"}],"estimatedCredits":2.5}""")
            .ShouldBeOfType<PlanReady>().EstimatedCredits.ShouldBe(2.5m);
        BuildEventJson.Deserialize(BuildEventKinds.Resumed, "{}").ShouldBeOfType<BuildResumed>();
    }

    [Fact]
    public void A_kind_from_a_newer_version_is_not_an_error()
    {
        BuildEventJson.Deserialize("hologram_rendered", """{"x":1}""").ShouldBeNull();
    }

    [Fact]
    public void Only_completed_failed_and_cancelled_end_a_build()
    {
        Examples.Where(e => e.Data.IsTerminal).Select(e => BuildEventJson.KindOf(e.Data)).Distinct().Order()
            .ShouldBe([BuildEventKinds.Cancelled, BuildEventKinds.Completed, BuildEventKinds.Failed]);
    }
}
