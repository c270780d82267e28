using DevBot.Agents;
using DevBot.Llm;

namespace DevBot.Tests.Agents;

public sealed class ArchitectAgentTests
{
    private const string Readme = "# Temperature converter\n\nConverts temperatures.\n\n## Run\n\n    python cli.py 100 C\n";

    [Theory]
    [InlineData("```markdown\n{0}```")]
    [InlineData("```md\n{0}```")]
    [InlineData("```Markdown\n{0}```")]
    [InlineData("```\n{0}```")]
    [InlineData("\n\n```markdown\n{0}```\n\n")]
    [InlineData("````markdown\n{0}````")]
    public void A_readme_wrapped_whole_in_a_markdown_fence_is_unwrapped(string template)
    {
        var answer = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Readme);

        ArchitectAgent.UnwrapMarkdown(answer).ShouldBe(Readme);
    }

    [Fact]
    public void A_readme_wrapped_in_a_markdown_fence_that_itself_holds_code_blocks_is_unwrapped()
    {
        const string readme = "# App\n\n## Install\n\n```bash\npip install -r requirements.txt\n```\n\n## Run\n\n```\npython app.py\n```\n";

        ArchitectAgent.UnwrapMarkdown("```markdown\n" + readme + "```\n").ShouldBe(readme);
    }

    [Fact]
    public void A_plain_readme_is_kept_trimmed_with_one_final_newline()
    {
        ArchitectAgent.UnwrapMarkdown("\n\n" + Readme + "\n\n\n").ShouldBe(Readme);
    }

    [Fact]
    public void A_readme_with_code_blocks_inside_is_not_mistaken_for_a_wrapped_one()
    {
        const string readme = "# App\n\n```bash\npython app.py\n```\n";

        ArchitectAgent.UnwrapMarkdown(readme).ShouldBe(readme);
    }

    [Fact]
    public void A_readme_that_starts_and_ends_with_separate_code_blocks_is_kept_whole()
    {
        const string readme = "```\npython app.py\n```\n\nThen open the browser.\n\n```\ncurl localhost:8000\n```\n";

        ArchitectAgent.UnwrapMarkdown(readme).ShouldBe(readme);
    }

    [Fact]
    public void A_readme_that_is_one_code_block_in_another_language_is_kept_whole()
    {
        const string answer = "```python\nprint('hi')\n```\n";

        ArchitectAgent.UnwrapMarkdown(answer).ShouldBe(answer);
    }

    private static ProjectPlan Plan(int tasks) =>
        new("T", "S", Enumerable.Range(1, tasks).Select(i => new PlannedTask($"Task {i}", "details")).ToList());

    [Theory]
    [InlineData(1)]
    [InlineData(ProjectPlan.MaxTasks)]
    public void A_plan_with_one_to_thirty_titled_tasks_has_no_problem(int tasks)
    {
        Plan(tasks).Problem().ShouldBeNull();
    }

    [Fact]
    public void A_plan_without_tasks_is_a_problem()
    {
        Plan(0).Problem().ShouldNotBeNull().ShouldContain("no tasks");
        new ProjectPlan("T", "S", null!).Problem().ShouldNotBeNull().ShouldContain("no tasks");
    }

    [Fact]
    public void A_plan_with_more_than_thirty_tasks_is_a_problem()
    {
        Plan(ProjectPlan.MaxTasks + 1).Problem().ShouldNotBeNull().ShouldContain($"at most {ProjectPlan.MaxTasks}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_plan_with_an_untitled_task_is_a_problem(string? title)
    {
        new ProjectPlan("T", "S", [new PlannedTask("ok", null), new PlannedTask(title!, "details")]).Problem()
            .ShouldBe("Every task needs a title.");
    }

    [Fact]
    public void A_plan_with_a_null_task_is_a_problem()
    {
        new ProjectPlan("T", "S", [new PlannedTask("ok", null), null!]).Problem().ShouldBe("Every task needs a title.");
    }

    [Fact]
    public void A_plan_answer_missing_its_tasks_parses_but_is_a_problem()
    {
        JsonAnswer.TryParse<ProjectPlan>("""{"title": "T", "summary": "S"}""", out var plan, out var error).ShouldBeTrue(error);

        plan.Problem().ShouldNotBeNull();
    }

    /// <summary>A review as the model's JSON answer carries it (null: the verdict is missing).</summary>
    private static ReviewAnswer Review(string? verdict, string feedback)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?> { ["verdict"] = verdict, ["feedback"] = feedback });
        JsonAnswer.TryParse<ReviewAnswer>(json, out var review, out var error).ShouldBeTrue(error);
        return review;
    }

    [Theory]
    [InlineData("APPROVED")]
    [InlineData("approved")]
    [InlineData(" Approved ")]
    public void An_approved_verdict_in_any_case_is_approved_and_valid(string verdict)
    {
        var review = Review(verdict, "ok");

        review.IsApproved.ShouldBeTrue();
        review.Problem().ShouldBeNull();
    }

    [Theory]
    [InlineData("REJECTED")]
    [InlineData("rejected")]
    public void A_rejected_verdict_is_valid_and_not_approved(string verdict)
    {
        var review = Review(verdict, "fix it");

        review.IsApproved.ShouldBeFalse();
        review.Problem().ShouldBeNull();
    }

    [Theory]
    [InlineData("LGTM")]
    [InlineData("APPROVED!")]
    [InlineData("")]
    [InlineData(null)]
    public void Any_other_verdict_is_a_problem_and_never_an_approval(string? verdict)
    {
        var review = Review(verdict, "hm");

        review.IsApproved.ShouldBeFalse();
        review.Problem().ShouldNotBeNull().ShouldContain("APPROVED or REJECTED");
    }
}
