using System.Net;
using System.Net.Http.Json;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Projects.Versions;

/// <summary>A change waits in the same line as builds, so MAX_QUEUED_BUILDS_PER_USER bounds it too.</summary>
public sealed class ChangeQueueLimitTests
{
    [Fact]
    public async Task A_change_while_the_user_has_max_queued_builds_waiting_is_429_and_queues_nothing()
    {
        var planHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Later = KelvinChange.Answer });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: new Dictionary<string, string?> { ["MAX_QUEUED_BUILDS_PER_USER"] = "1" });
        var alice = await host.CreateUserAsync();
        var delivered = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        await ProjectApi.WaitForStatusAsync(alice.Http, delivered);
        llm.BeforeAnswer = request => request.Kind == ChatKind.Plan ? planHeld.Task : Task.CompletedTask;
        try
        {
            var running = (await ProjectApi.SubmitAsync(alice.Http)).Id();
            await ProjectApi.WaitUntilAsync(alice.Http, running, p => p.GetProperty("status").GetString() != "queued", "the second build to run");
            (await ProjectApi.SubmitAsync(alice.Http)).GetProperty("status").GetString().ShouldBe("queued");

            var change = await alice.Http.PostAsJsonAsync($"/api/v1/projects/{delivered}/changes", new { instruction = KelvinChange.Instruction });
            var problem = await change.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
            change.Headers.RetryAfter.ShouldNotBeNull();
            (problem.GetProperty("queued").GetInt32(), problem.GetProperty("limit").GetInt32()).ShouldBe((1, 1));
        }
        finally
        {
            planHeld.TrySetResult();
        }

        (await alice.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/projects/{delivered}/versions")).GetArrayLength().ShouldBe(1, "nothing was queued");
    }
}
