using DevBot.Projects;

namespace DevBot.Tests.Projects;

public sealed class ProjectStatusTransitionTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Project NewProject() => new() { Title = "t", Description = "d", CreatedAt = Now, UpdatedAt = Now };

    private static Project At(params ProjectStatus[] path)
    {
        var project = NewProject();
        foreach (var status in path)
        {
            project.MoveTo(status, Now);
        }

        return project;
    }

    public static TheoryData<ProjectStatus> Terminal => [ProjectStatus.Completed, ProjectStatus.Failed, ProjectStatus.Cancelled];

    [Theory]
    [MemberData(nameof(Terminal))]
    public void A_terminal_status_never_changes_again(ProjectStatus terminal)
    {
        var project = At(ProjectStatus.Planning, ProjectStatus.Implementing, ProjectStatus.Documenting, ProjectStatus.Packaging, terminal);

        foreach (var next in Enum.GetValues<ProjectStatus>())
        {
            Should.Throw<InvalidOperationException>(() => project.MoveTo(next, Now)).Message.ShouldContain(terminal.ToApi());
            project.Status.ShouldBe(terminal);
        }
    }

    [Fact]
    public void A_build_moves_forward_through_its_steps_and_may_repeat_the_step_it_resumes_at()
    {
        var project = At(ProjectStatus.Planning, ProjectStatus.Implementing, ProjectStatus.Implementing, ProjectStatus.Documenting, ProjectStatus.Packaging);

        project.Complete("key.zip", 10, Now);

        project.Status.ShouldBe(ProjectStatus.Completed);
        project.CompletedAt.ShouldBe(Now);
        project.ArchiveKey.ShouldBe("key.zip");
    }

    [Fact]
    public void A_running_build_never_steps_back_nor_returns_to_the_queue()
    {
        var project = At(ProjectStatus.Planning, ProjectStatus.Implementing, ProjectStatus.Documenting);

        Should.Throw<InvalidOperationException>(() => project.MoveTo(ProjectStatus.Implementing, Now));
        Should.Throw<InvalidOperationException>(() => project.MoveTo(ProjectStatus.Planning, Now));
        Should.Throw<InvalidOperationException>(() => project.MoveTo(ProjectStatus.Queued, Now));
        project.Status.ShouldBe(ProjectStatus.Documenting);
    }

    [Fact]
    public void A_paused_build_goes_back_in_line_and_resumes_at_any_step()
    {
        var project = At(ProjectStatus.Planning, ProjectStatus.Implementing, ProjectStatus.AwaitingCredits, ProjectStatus.Queued);

        project.MoveTo(ProjectStatus.Implementing, Now);

        project.Status.ShouldBe(ProjectStatus.Implementing);
        Should.Throw<InvalidOperationException>(() => At(ProjectStatus.AwaitingCredits).MoveTo(ProjectStatus.Implementing, Now));
    }

    [Fact]
    public void Failing_keeps_the_reason_and_anything_else_clears_it()
    {
        var failed = At(ProjectStatus.Planning);
        failed.Fail("The model is gone.", Now);

        failed.Error.ShouldBe("The model is gone.");
        failed.CompletedAt.ShouldBe(Now);
        At(ProjectStatus.Planning, ProjectStatus.Implementing).Error.ShouldBeNull();
    }

    [Fact]
    public void A_queued_build_can_be_cancelled_or_started_but_not_queued_again()
    {
        At(ProjectStatus.Cancelled).Status.ShouldBe(ProjectStatus.Cancelled);
        At(ProjectStatus.Planning).Status.ShouldBe(ProjectStatus.Planning);
        Should.Throw<InvalidOperationException>(() => NewProject().MoveTo(ProjectStatus.Queued, Now));
    }
}
