using System.Text.Json;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Pipeline;

/// <summary>A build waiting to run again after the model failed says so in its status: why, and until when.</summary>
public sealed class RetryWaitTests
{
    // Long enough that the wait is still on while the test looks at it.
    private static readonly Dictionary<string, string?> SlowJobRetries = new() { ["JOB_RETRY_BASE_SECONDS"] = "600" };

    [Fact]
    public async Task An_unreachable_model_is_tried_three_times_quickly_and_the_status_shows_the_variable_to_set_and_the_retry_time()
    {
        await using var host = await DevBotTestHost.StartAsync($"http://127.0.0.1:{FreeTcpPort.Next()}/v1", settings: SlowJobRetries);
        var alice = await host.CreateUserAsync();
        var before = DateTime.UtcNow;

        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        var project = await ProjectApi.WaitUntilAsync(alice.Http, accepted.Id(), p => p.GetProperty("waitingReason").ValueKind == JsonValueKind.String, "a waiting reason");

        project.GetProperty("status").GetString().ShouldBe("planning");
        project.GetProperty("waitingReason").GetString()!.ShouldContain("LLM_BASE_URL");
        project.GetProperty("retryAt").GetDateTime().ShouldBeGreaterThan(before.AddSeconds(500));
        await using var scope = host.Services.CreateAsyncScope();
        var calls = await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == accepted.Id()).ToListAsync(TestContext.Current.CancellationToken);
        calls.Count.ShouldBe(3, "one try and two quick retries, not the full backoff of a busy server");
        calls.ShouldAllBe(c => c.Outcome == LlmCallOutcome.Failed);
        var retrying = await scope.ServiceProvider.GetRequiredService<ProjectEventLog>().LatestAsync<BuildRetrying>(accepted.Id(), TestContext.Current.CancellationToken);
        retrying.ShouldNotBeNull().Cause.ShouldBe(RetryCause.ModelUnreachable);
    }

    [Fact]
    public async Task A_busy_model_gets_the_full_retries_and_the_wait_is_shown_until_the_build_runs_again()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.Enqueue(Enumerable.Range(0, 4).Select(_ => FakeFault.ServerError(only: ChatKind.Plan)).ToArray());
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: new Dictionary<string, string?>
        {
            ["JOB_RETRY_BASE_SECONDS"] = "600",
            ["LLM_MAX_RETRY_DELAY_SECONDS"] = "0",
        });
        var alice = await host.CreateUserAsync();

        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        var waiting = await ProjectApi.WaitUntilAsync(alice.Http, accepted.Id(), p => p.GetProperty("waitingReason").ValueKind == JsonValueKind.String, "a waiting reason");

        waiting.GetProperty("waitingReason").GetString()!.ShouldContain("HTTP 500");
        llm.CountRequests(ChatKind.Plan).ShouldBe(4, "LLM_MAX_RETRIES (3) retries after the first try");
        await using var scope = host.Services.CreateAsyncScope();
        var retrying = await scope.ServiceProvider.GetRequiredService<ProjectEventLog>().LatestAsync<BuildRetrying>(accepted.Id(), TestContext.Current.CancellationToken);
        retrying.ShouldNotBeNull().Cause.ShouldBe(RetryCause.ModelBusy);
    }

    [Fact]
    public async Task A_build_that_ran_again_after_its_wait_shows_no_waiting_reason_any_more()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.Enqueue(Enumerable.Range(0, 4).Select(_ => FakeFault.ServerError(only: ChatKind.Plan)).ToArray());
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: new Dictionary<string, string?> { ["LLM_MAX_RETRY_DELAY_SECONDS"] = "0" });
        var alice = await host.CreateUserAsync();

        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        var project = await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id());

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        llm.CountRequests(ChatKind.Plan).ShouldBeGreaterThan(4, "the build waited and ran again");
        project.GetProperty("waitingReason").ValueKind.ShouldBe(JsonValueKind.Null);
        project.GetProperty("retryAt").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
