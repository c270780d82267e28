using System.Net;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Observability;

/// <summary>The build counters count what happened: every cancellation once, reviews only when the reviewer was asked.</summary>
public sealed class BuildMetricsTests
{
    [Fact]
    public async Task Cancelling_queued_builds_counts_each_cancellation_once()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, runWorkers: false);
        var alice = await host.CreateUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await ProjectApi.SubmitAsync(alice.Http)).Id());
        }

        foreach (var id in ids.Take(3))
        {
            (await alice.Http.PostAsync($"/api/v1/projects/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        // A second cancel of a cancelled build is refused and counts nothing.
        (await alice.Http.PostAsync($"/api/v1/projects/{ids[0]}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        using var anonymous = host.CreateClient();
        var text = await MetricsScrape.ReadAsync(anonymous);
        MetricsScrape.Sum(text, "devbot_builds_finished_total", ("outcome", "cancelled")).ShouldBe(3);
        MetricsScrape.Sum(text, "devbot_jobs", ("status", "queued")).ShouldBe(1);
        MetricsScrape.Sum(text, "devbot_jobs_oldest_queued_seconds").ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Cancelling_a_running_build_counts_it_once()
    {
        var planAsked = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.BeforeAnswer = async request =>
        {
            if (request.Kind == ChatKind.Plan)
            {
                planAsked.TrySetResult();
                await release.Task;
            }
        };
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        await planAsked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        (await alice.Http.PostAsync($"/api/v1/projects/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        release.SetResult();
        (await ProjectApi.WaitForStatusAsync(alice.Http, id, statuses: "cancelled")).GetProperty("status").GetString().ShouldBe("cancelled");

        using var anonymous = host.CreateClient();
        var text = await MetricsScrape.UntilAsync(anonymous, t => MetricsScrape.Sum(t, "devbot_builds_finished_total", ("outcome", "cancelled")) >= 1, "the cancelled build");
        MetricsScrape.Sum(text, "devbot_builds_finished_total", ("outcome", "cancelled")).ShouldBe(1);
        MetricsScrape.Sum(text, "devbot_builds_finished_total").ShouldBe(1);
    }

    [Fact]
    public async Task Rejections_DevBot_makes_without_asking_the_reviewer_are_not_counted_as_reviews()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        // Task 1's first answer carries no file: DevBot sends it back itself, no reviewer is asked; the second has the file.
        var converter = ScriptedModel.DefaultTasks[0];
        llm.TransformAnswer = (request, answer) => request.Kind != ChatKind.Implement || request.TaskIndex != 1 ? answer
            : request.LastUser.Contains("# Reviewer feedback", StringComparison.Ordinal) ? $"{converter.Path}\n```python\n{converter.Content}```\n"
            : "I will write the module next.";
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        var finished = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        finished.GetProperty("status").GetString().ShouldBe("completed", finished.ToString());

        using var anonymous = host.CreateClient();
        var text = await MetricsScrape.UntilAsync(anonymous, t => MetricsScrape.Sum(t, "devbot_builds_finished_total") >= 1, "the finished build");
        llm.CountRequests(ChatKind.Implement).ShouldBe(5, "task 1 twice (no file, then the file), task 2 twice (rejected), task 3 once");
        MetricsScrape.Sum(text, "devbot_reviews_total").ShouldBe(llm.CountRequests(ChatKind.Review));
        MetricsScrape.Sum(text, "devbot_reviews_total", ("verdict", "rejected")).ShouldBe(1, "only the reviewer's rejection of task 2's first attempt");
        MetricsScrape.Sum(text, "devbot_reviews_total", ("verdict", "approved")).ShouldBe(3);
    }
}
