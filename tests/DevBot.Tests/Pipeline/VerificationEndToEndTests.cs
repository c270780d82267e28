using System.IO.Compression;
using System.Text.Json;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Pipeline;

/// <summary>
/// Builds whose code really runs: the real host, the real bubblewrap sandbox, real Python tests, and a scripted
/// OpenAI-compatible model that makes the mistakes real models make. Run once per database.
/// </summary>
public abstract class VerificationEndToEndTests
{
    private const string WrongConverter = ScriptedModel.WrongConverter;

    private const string FixOfTheBug = ScriptedModel.FixOfTheBug;

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task A_wrong_formula_the_reviewer_approved_is_fixed_from_the_real_test_failure_and_delivered_passing()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel
        {
            FirstAttempt = new Dictionary<int, string> { [1] = WrongConverter },
            RejectFirstReviewOf = new HashSet<int>(),

            // The fix exists only for a model that is shown the failing test and its assertion.
            Fix = r => r.LastUser.Contains("test_freezing", StringComparison.Ordinal) && r.LastUser.Contains("AssertionError", StringComparison.Ordinal)
                ? FixOfTheBug
                : "I cannot tell what is wrong.",
        });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var runs = project.GetProperty("testRuns").EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "tests").ToList();
        runs.Count.ShouldBe(3, "after the test task, after the last task, after the fix round");
        runs[^2].GetProperty("outcome").GetString().ShouldBe("failed");
        runs[^2].GetProperty("failed").GetInt32().ShouldBe(1);
        runs[^2].GetProperty("output").GetString()!.ShouldContain("test_freezing");
        runs[^1].GetProperty("outcome").GetString().ShouldBe("passed");
        runs[^1].GetProperty("passed").GetInt32().ShouldBe(2);
        runs[^1].GetProperty("command").GetString()!.ShouldContain("unittest");
        var verification = project.GetProperty("verification");
        verification.GetProperty("status").GetString().ShouldBe("passed");
        verification.GetProperty("passed").GetInt32().ShouldBe(2);
        verification.GetProperty("failed").GetInt32().ShouldBe(0);
        llm.CountRequests(ChatKind.Fix).ShouldBe(1);
        (await alice.Http.GetStringAsync($"/api/v1/projects/{project.Id()}/files/converter.py")).ShouldContain("(f - 32) * 5 / 9");
        var analysis = project.GetProperty("analysis");
        analysis.GetProperty("testsPassed").GetInt32().ShouldBe(2);
        analysis.GetProperty("files").GetInt32().ShouldBe(5);

        using var zip = new ZipArchive(await alice.Http.GetStreamAsync($"/api/v1/projects/{project.Id()}/archive"));
        var readme = await new StreamReader(zip.GetEntry("README.md")!.Open()).ReadToEndAsync();
        readme.ShouldContain("## Tests (checked by DevBot)");
        readme.ShouldContain("2 passed, 0 failed");
        var plan = await new StreamReader(zip.GetEntry("PLAN.md")!.Open()).ReadToEndAsync();
        plan.ShouldContain("- [x] Conversion functions");
        plan.ShouldContain("## Design notes");
        plan.ShouldContain("unittest");
        var events = await EventKindsAsync(host, project.Id());
        events.ShouldContain("fix_round");
        await ShouldHaveAskedEachStepOnceAsync(host, llm, project.Id());
    }

    [Fact]
    public async Task Tests_still_failing_after_the_fix_rounds_are_delivered_with_the_failing_test_named()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel
        {
            FirstAttempt = new Dictionary<int, string> { [1] = WrongConverter },
            RejectFirstReviewOf = new HashSet<int>(),
        });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(),
            new Dictionary<string, string?> { ["MAX_FIX_ROUNDS"] = "2" });
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", "a build whose tests fail is still delivered, saying so");
        var verification = project.GetProperty("verification");
        verification.GetProperty("status").GetString().ShouldBe("failed");
        verification.GetProperty("failed").GetInt32().ShouldBe(1);
        verification.GetProperty("failedTests").EnumerateArray().Select(t => t.GetString()).ShouldContain(t => t!.Contains("test_freezing"));
        llm.CountRequests(ChatKind.Fix).ShouldBe(2, "MAX_FIX_ROUNDS");
        var completed = await LastEventAsync(host, project.Id(), "completed");
        completed.GetProperty("verification").GetProperty("status").GetString().ShouldBe("failed");
    }

    [Fact]
    public async Task A_placeholder_goes_straight_back_to_the_implementer_without_paying_for_a_review()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel
        {
            FirstAttempt = new Dictionary<int, string>
            {
                [1] = "def celsius_to_fahrenheit(c):\n    # TODO: implement this\n    pass\n\n\ndef fahrenheit_to_celsius(f):\n    return (f - 32) * 5 / 9\n",
            },
            RejectFirstReviewOf = new HashSet<int>(),
        });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        llm.Requests.Count(r => r.Kind == ChatKind.Review && r.TaskIndex == 1).ShouldBe(1, "the placeholder was not reviewed");
        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 1).ShouldBe(2);
        var retry = llm.Requests.Last(r => r.Kind == ChatKind.Implement && r.TaskIndex == 1).LastUser;
        retry.ShouldContain("converter.py:2");
        retry.ShouldContain("TODO: implement this");
        var check = project.GetProperty("testRuns").EnumerateArray().First(r => r.GetProperty("kind").GetString() == "static");
        check.GetProperty("outcome").GetString().ShouldBe("failed");
        project.GetProperty("analysis").GetProperty("placeholderFindings").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_syntax_error_comes_back_with_its_line_and_is_fixed_before_review()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel
        {
            FirstAttempt = new Dictionary<int, string>
            {
                [1] = "def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n\n\ndef fahrenheit_to_celsius(f)\n    return (f - 32) * 5 / 9\n",
            },
            RejectFirstReviewOf = new HashSet<int>(),
        });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        llm.Requests.Count(r => r.Kind == ChatKind.Review && r.TaskIndex == 1).ShouldBe(1);
        var retry = llm.Requests.Last(r => r.Kind == ChatKind.Implement && r.TaskIndex == 1).LastUser;
        retry.ShouldContain("converter.py:5");
        retry.ShouldContain("SyntaxError", Case.Insensitive);
        project.GetProperty("verification").GetProperty("status").GetString().ShouldBe("passed");
    }

    [Fact]
    public async Task A_hanging_test_is_killed_at_the_time_limit_and_the_build_says_it_timed_out()
    {
        var hanging = ScriptedModel.DefaultTasks.ToList();
        hanging[2] = hanging[2] with
        {
            Content = hanging[2].Content.Replace("    def test_freezing(self):", "    def test_hangs(self):\n        while True:\n            pass\n\n    def test_freezing(self):", StringComparison.Ordinal),
        };
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Tasks = hanging, RejectFirstReviewOf = new HashSet<int>() });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(),
            new Dictionary<string, string?> { ["SANDBOX_TIMEOUT_SECONDS"] = "3", ["MAX_FIX_ROUNDS"] = "1" });
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var last = project.GetProperty("testRuns").EnumerateArray().Last();
        last.GetProperty("outcome").GetString().ShouldBe("timed_out");
        last.GetProperty("timedOut").GetBoolean().ShouldBeTrue();
        last.GetProperty("durationMs").GetInt64().ShouldBeLessThan(60_000, "killed at the limit, not waited out");
        project.GetProperty("verification").GetProperty("status").GetString().ShouldBe("failed");
        project.GetProperty("verification").GetProperty("reason").GetString()!.ShouldContain("did not finish");
        llm.Requests.Single(r => r.Kind == ChatKind.Fix).LastUser.ShouldContain("did not finish");
    }

    [Fact]
    public async Task An_unchanged_resubmission_with_an_explanation_is_reviewed_again_and_a_false_rejection_is_overturned()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { FalselyRejectFirst = new HashSet<int> { 1 }, RejectFirstReviewOf = new HashSet<int>() });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var reviews = llm.Requests.Where(r => r.Kind == ChatKind.Review && r.TaskIndex == 1).ToList();
        reviews.Count.ShouldBe(2, "the unchanged resubmission was reviewed once more");
        reviews[1].LastUser.ShouldContain("# The engineer's explanation");
        reviews[1].LastUser.ShouldContain(ScriptedModel.Explanation);
        project.GetProperty("plan")[0].GetProperty("attempts").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task The_reviewer_of_a_task_that_wrote_tests_reads_their_real_result()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var review = llm.Requests.Single(r => r.Kind == ChatKind.Review && r.TaskIndex == 3).LastUser;
        review.ShouldContain("# Checks DevBot ran on the code");
        review.ShouldContain("2 passed, 0 failed");
        llm.Requests.Single(r => r.Kind == ChatKind.Review && r.TaskIndex == 1).LastUser.ShouldContain("Static check (`");
    }

    [Fact]
    public async Task With_the_sandbox_off_the_build_is_delivered_saying_its_code_was_not_run()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), new Dictionary<string, string?> { ["SANDBOX"] = "off" });
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var verification = project.GetProperty("verification");
        verification.GetProperty("status").GetString().ShouldBe("not_run");
        verification.GetProperty("reason").GetString()!.ShouldContain("the code was not run");
        project.GetProperty("testRuns").EnumerateArray().ShouldAllBe(r => r.GetProperty("outcome").GetString() != "passed", "nothing ran, so nothing passed");
        var readme = await alice.Http.GetStringAsync($"/api/v1/projects/{project.Id()}/files/README.md");
        readme.ShouldContain("tests not run: the code was not run");
        var completed = await LastEventAsync(host, project.Id(), "completed");
        completed.GetProperty("verification").GetProperty("reason").GetString()!.ShouldContain("SANDBOX=off");
    }

    private static async Task<List<string>> EventKindsAsync(DevBotTestHost host, Guid projectId) =>
        await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<DevBot.Projects.ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());

    private static async Task<JsonElement> LastEventAsync(DevBotTestHost host, Guid projectId, string kind)
    {
        var data = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<DevBot.Projects.ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId && e.Type == kind).OrderByDescending(e => e.Id).Select(e => e.Data).FirstAsync());
        return JsonDocument.Parse(data).RootElement.Clone();
    }

    private static async Task ShouldHaveAskedEachStepOnceAsync(DevBotTestHost host, FakeOpenAiServer llm, Guid projectId)
    {
        var stored = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded).Select(c => c.CallKey).ToListAsync());
        stored.ShouldBeUnique();
        stored.Count.ShouldBe(llm.Requests.Count);
    }
}

public sealed class SqliteVerificationEndToEndTests : VerificationEndToEndTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresVerificationEndToEndTests(PostgresServer postgres) : VerificationEndToEndTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
