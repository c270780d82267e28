using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Pipeline;

public sealed class LlmFaultToleranceTests
{
    [Fact]
    public async Task Build_completes_through_429_with_retry_after_500_and_a_malformed_answer_and_failed_calls_cost_nothing()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { PlanStyle = "prose" });
        llm.Enqueue(
            FakeFault.RateLimited(retryAfterSeconds: 1, only: ChatKind.Plan),
            FakeFault.Malformed(only: ChatKind.Plan),
            FakeFault.ServerError(only: ChatKind.Implement));
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();

        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        var project = await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id());
        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var calls = await db.Set<LlmCall>().Where(c => c.ProjectId == accepted.Id()).OrderBy(c => c.CreatedAt).ToListAsync();
        var failed = calls.Where(c => c.Outcome == LlmCallOutcome.Failed).ToList();
        failed.Count.ShouldBe(2, "the 429 and the 500 were recorded");
        failed.ShouldAllBe(c => c.Credits == 0m && c.CostUsd == 0m && c.Response == null);
        failed.ShouldContain(c => c.Error!.Contains("HTTP 429"));
        failed.ShouldContain(c => c.Error!.Contains("HTTP 500"));

        // The malformed plan answer was a real (stored) answer; the retry asked again with the parse error.
        calls.Where(c => c.Outcome == LlmCallOutcome.Succeeded && c.CallKey.StartsWith("plan#", StringComparison.Ordinal))
            .Select(c => c.CallKey).Order().ShouldBe(["plan#1", "plan#2"]);
        llm.Requests.Last(r => r.Kind == ChatKind.Plan).LastUser.ShouldContain("could not be used");
    }

    [Fact]
    public async Task Retry_after_is_honoured_before_the_next_attempt()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.Enqueue(FakeFault.RateLimited(retryAfterSeconds: 2, only: ChatKind.Plan));
        var arrivals = new List<DateTimeOffset>();
        llm.BeforeAnswer = r =>
        {
            if (r.Kind == ChatKind.Plan)
            {
                lock (arrivals)
                {
                    arrivals.Add(DateTimeOffset.UtcNow);
                }
            }

            return Task.CompletedTask;
        };
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: new Dictionary<string, string?> { ["LLM_MAX_RETRY_DELAY_SECONDS"] = "10" });
        var alice = await host.CreateUserAsync();
        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        (await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id())).GetProperty("status").GetString().ShouldBe("completed");

        arrivals.Count.ShouldBe(2);
        (arrivals[1] - arrivals[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9), "the client waited as long as Retry-After asked");
    }

    [Fact]
    public async Task Token_counts_are_estimated_and_marked_when_the_provider_reports_no_usage()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.OmitUsage = true;
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        (await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id())).GetProperty("status").GetString().ShouldBe("completed");

        await using var scope = host.Services.CreateAsyncScope();
        var calls = await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<LlmCall>().Where(c => c.ProjectId == accepted.Id()).ToListAsync();
        calls.ShouldAllBe(c => c.TokensEstimated && c.PromptTokens > 0 && c.CompletionTokens > 0);
    }

    [Fact]
    public async Task A_task_never_approved_fails_the_build_with_the_reviewers_feedback_after_the_attempt_limit()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { NeverApprove = new HashSet<int> { 2 } });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: new Dictionary<string, string?> { ["MAX_REVIEW_ATTEMPTS"] = "2" });
        var alice = await host.CreateUserAsync();
        var accepted = await ProjectApi.SubmitAsync(alice.Http);

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id());
        project.GetProperty("status").GetString().ShouldBe("failed");
        project.GetProperty("error").GetString()!.ShouldContain("not approved after 2 attempts");
        project.GetProperty("error").GetString()!.ShouldContain("The CLI must validate its arguments.");
        var task2 = project.GetProperty("plan")[1];
        task2.GetProperty("status").GetString().ShouldBe("failed");
        task2.GetProperty("attempts").GetInt32().ShouldBe(2);
        llm.CountRequests(ChatKind.Readme).ShouldBe(0, "nothing after the failed task was paid for");
        (await alice.Http.GetAsync($"/api/v1/projects/{accepted.Id()}/archive")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_same_rejection_three_times_in_a_row_stops_the_task_even_when_more_attempts_are_allowed()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { NeverApprove = new HashSet<int> { 2 } });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: new Dictionary<string, string?> { ["MAX_REVIEW_ATTEMPTS"] = "10" });
        var alice = await host.CreateUserAsync();
        var accepted = await ProjectApi.SubmitAsync(alice.Http);

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id());
        project.GetProperty("status").GetString().ShouldBe("failed");
        project.GetProperty("error").GetString()!.ShouldContain("came back 3 times in a row");
        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 2).ShouldBe(3);
    }

    [Fact]
    public async Task An_unreachable_llm_fails_the_build_with_a_message_naming_the_variable_to_set()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", settings: new Dictionary<string, string?>
        {
            ["LLM_MAX_RETRIES"] = "1",
            ["JOB_MAX_ATTEMPTS"] = "2",
        });
        var alice = await host.CreateUserAsync();
        var accepted = await ProjectApi.SubmitAsync(alice.Http);

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id(), TimeSpan.FromSeconds(60));
        project.GetProperty("status").GetString().ShouldBe("failed");
        project.GetProperty("error").GetString()!.ShouldContain("LLM_BASE_URL");
        project.GetProperty("error").GetString()!.ShouldNotContain("test-llm-key");
    }
}
