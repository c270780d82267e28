using DevBot.Agents;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Agents;

/// <summary>
/// The rendered prompts of a fixed project, compared with the files in <c>Agents/PromptSnapshots</c>. A change to a
/// prompt file or to what an agent passes it shows up here as a diff to review. Run with
/// <c>UPDATE_PROMPT_SNAPSHOTS=1</c> to rewrite the snapshots after an intended change.
/// </summary>
public sealed class PromptSnapshotTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Project FixedProject(bool planned = true, string? stack = "Python", bool userTitle = false)
    {
        var project = new Project
        {
            Title = "Temperature converter",
            TitleProvisional = !userTitle,
            Description = "A command line temperature converter in Python, with tests.",
            Stack = stack,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        if (planned)
        {
            project.PlanSummary = "A small Python package: pure conversion functions, a CLI on top, unittest tests.";
        }

        return project;
    }

    private static List<ProjectTask> FixedTasks(Guid projectId) =>
    [
        new() { ProjectId = projectId, Index = 1, Title = "Conversion functions", Details = "Create converter.py.", Status = ProjectTaskStatus.Approved },
        new() { ProjectId = projectId, Index = 2, Title = "Command line interface", Details = "Add cli.py reading a value and a unit.", Status = ProjectTaskStatus.InProgress },
        new() { ProjectId = projectId, Index = 3, Title = "Tests", Details = "unittest tests for both conversions." },
    ];

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["converter.py"] = "def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n",
        ["cli.py"] = "import sys\n\nfrom converter import celsius_to_fahrenheit\n\nprint(celsius_to_fahrenheit(float(sys.argv[1])))\n",
    };

    [Fact]
    public async Task The_plan_prompt_of_a_new_project()
    {
        var calls = new RecordingCaller("""{"title": "T", "summary": "S", "tasks": [{"title": "a", "details": "b"}]}""");

        await new ArchitectAgent().PlanAsync(calls, FixedProject(planned: false), CancellationToken.None);

        Verify("plan", calls.Single());
    }

    [Fact]
    public async Task The_plan_prompt_with_the_users_title_and_no_stack()
    {
        var calls = new RecordingCaller("""{"title": "T", "summary": "S", "tasks": [{"title": "a", "details": "b"}]}""");

        await new ArchitectAgent().PlanAsync(calls, FixedProject(planned: false, stack: null, userTitle: true), CancellationToken.None);

        Verify("plan-user-title", calls.Single());
    }

    [Fact]
    public async Task The_implement_prompt_of_a_first_attempt()
    {
        var project = FixedProject();
        var tasks = FixedTasks(project.Id);
        var calls = new RecordingCaller("cli.py\n```python\nprint(1)\n```\n");

        await new ImplementerAgent().ImplementAsync(calls,
            new ImplementRequest(project, tasks, tasks[1], 1, null, [], Files, new CodeContext("converter.py:\n  def celsius_to_fahrenheit(c)\n", 12)),
            CancellationToken.None);

        Verify("implement-first", calls.Single());
    }

    [Fact]
    public async Task The_implement_prompt_of_a_retry_after_a_rejection()
    {
        var project = FixedProject();
        var tasks = FixedTasks(project.Id);
        var calls = new RecordingCaller("cli.py\n```python\nprint(1)\n```\n");

        await new ImplementerAgent().ImplementAsync(calls,
            new ImplementRequest(project, tasks, tasks[1], 2, "Document why sys is imported.", ["cli.py"], Files, CodeContext.Empty),
            CancellationToken.None);

        Verify("implement-retry", calls.Single());
    }

    [Fact]
    public async Task The_review_prompt()
    {
        var project = FixedProject();
        var tasks = FixedTasks(project.Id);
        var calls = new RecordingCaller("""{"verdict": "APPROVED", "feedback": "ok"}""");

        await new ArchitectAgent().ReviewAsync(calls,
            new StepReviewRequest(project, tasks, tasks[1], 1, ["cli.py"], Files, ["The block for main.py matched nothing."], new CodeContext("converter.py:\n  def celsius_to_fahrenheit(c)\n", 12)),
            CancellationToken.None);

        Verify("review", calls.Single());
    }

    [Fact]
    public async Task The_readme_prompt()
    {
        var project = FixedProject();
        var tasks = FixedTasks(project.Id);
        var calls = new RecordingCaller("# Temperature converter\n");

        await new ArchitectAgent().WriteReadmeAsync(calls, project, tasks, Files, CancellationToken.None);

        Verify("readme", calls.Single());
    }

    [Fact]
    public void Every_prompt_file_is_used_by_a_role_or_a_shared_section()
    {
        var expected = AgentRoles.All.SelectMany(r => new[] { r.Name + ".system", r.Name + ".user" }).Append("project-and-plan").Order(StringComparer.Ordinal);

        PromptTemplates.Names.ShouldBe(expected);
    }

    [Fact]
    public void A_template_naming_a_value_the_agent_did_not_supply_fails_instead_of_rendering_empty()
    {
        Should.Throw<InvalidOperationException>(() => PromptTemplates.Render("implement.user", new Dictionary<string, object?>()))
            .Message.ShouldContain("does not supply");
    }

    private static void Verify(string name, ModelRequest request)
    {
        var rendered = $"role: {request.Role.Name} ({request.Role.Model})\nkey: {request.Key}\nschema: {request.Schema?.Name ?? "none"}\n"
            + string.Concat(request.Messages.Select(m => $"\n===== {m.Role} =====\n{m.Content}\n"));
        var path = Path.Combine(RepositoryRoot.Path, "tests", "DevBot.Tests", "Agents", "PromptSnapshots", name + ".txt");
        if (Environment.GetEnvironmentVariable("UPDATE_PROMPT_SNAPSHOTS") == "1" || !File.Exists(path) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            File.WriteAllText(path, rendered);
        }

        File.Exists(path).ShouldBeTrue($"the snapshot {path} is missing: run the tests once with UPDATE_PROMPT_SNAPSHOTS=1");
        rendered.ShouldBe(File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    /// <summary>Answers every call with one text and keeps the requests.</summary>
    private sealed class RecordingCaller(string answer) : IModelCaller
    {
        private readonly List<ModelRequest> _requests = [];

        public ModelRequest Single() => _requests.ShouldHaveSingleItem();

        public Task<ModelReply> AskAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            _requests.Add(request);
            return Task.FromResult<ModelReply>(new ModelReply.Answered(answer));
        }
    }
}
