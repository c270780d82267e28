using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Pipeline;

public sealed class CancellationTests
{
    [Fact]
    public async Task Cancelling_a_running_build_stops_it_at_the_next_step_and_asks_the_model_nothing_more()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        llm.BeforeAnswer = async request =>
        {
            if (request.Kind == ChatKind.Implement && request.TaskIndex == 1)
            {
                reached.TrySetResult();
                await hold.Task;
            }
        };
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var cancel = await alice.Http.PostAsync($"/api/v1/projects/{id}/cancel", null);
        cancel.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        (await cancel.Content.ReadAsStringAsync()).ShouldContain("cancelling");
        var requestsAtCancel = llm.Requests.Count;
        hold.TrySetResult();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        project.GetProperty("status").GetString().ShouldBe("cancelled");
        llm.Requests.Count.ShouldBe(requestsAtCancel, "the in-flight answer was the last one: no review of it, nothing after");
        (await alice.Http.GetAsync($"/api/v1/projects/{id}/archive")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }
}
