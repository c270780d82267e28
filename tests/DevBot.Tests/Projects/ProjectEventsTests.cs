using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Projects;

public sealed class ProjectEventsTests
{
    private sealed record ReceivedEvent(string Id, string Type, JsonElement Data);

    /// <summary>Reads the project's event stream until the server ends it (or fails the test after the timeout).</summary>
    private static async Task<List<ReceivedEvent>> ReadStreamAsync(HttpClient http, Guid projectId, string? lastEventId = null, Func<ReceivedEvent, Task>? onEvent = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/projects/{projectId}/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var events = new List<ReceivedEvent>();
        try
        {
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(timeout.Token))
            {
                var view = JsonDocument.Parse(item.Data).RootElement.Clone();
                view.GetProperty("type").GetString().ShouldBe(item.EventType);
                view.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(item.EventId);
                var received = new ReceivedEvent(item.EventId!, item.EventType, view.GetProperty("data"));
                events.Add(received);
                if (onEvent is not null)
                {
                    await onEvent(received);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The event stream did not end; received: {string.Join(", ", events.Select(e => e.Type))}");
        }

        return events;
    }

    private static string Describe(ReceivedEvent e) => e.Type switch
    {
        "task_started" => $"task_started {e.Data.GetProperty("index").GetInt32()}#{e.Data.GetProperty("attempt").GetInt32()}",
        "task_finished" => $"task_finished {e.Data.GetProperty("index").GetInt32()}#{e.Data.GetProperty("attempt").GetInt32()} {e.Data.GetProperty("verdict").GetString()}",
        "test_run_finished" => $"test_run_finished {e.Data.GetProperty("kind").GetString()} {e.Data.GetProperty("outcome").GetString()}",
        _ => e.Type,
    };

    [Fact]
    public async Task The_event_stream_of_a_build_delivers_every_step_in_order_and_ends_after_completed()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        var events = await ReadStreamAsync(alice.Http, id);

        events.Select(Describe).ShouldBe(
        [
            "queued",
            "planning",
            "plan_ready",
            "task_started 1#1", "test_run_finished static passed", "task_finished 1#1 approved",
            "task_started 2#1", "test_run_finished static passed", "task_finished 2#1 rejected",
            "task_started 2#2", "test_run_finished static passed", "task_finished 2#2 approved",
            "task_started 3#1", "test_run_finished static passed", "test_run_finished tests passed", "task_finished 3#1 approved",
            "testing", "test_run_finished tests passed",
            "documenting",
            "packaging",
            "version_created",
            "completed",
        ]);
        events.Select(e => long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeInOrder(SortDirection.Ascending);
        events.Select(e => e.Id).ShouldBeUnique();
        var planReady = events.Single(e => e.Type == "plan_ready").Data;
        planReady.GetProperty("title").GetString().ShouldBe("Temperature converter");
        planReady.GetProperty("tasks").GetArrayLength().ShouldBe(3);
        events.Single(e => Describe(e) == "task_finished 2#1 rejected").Data.GetProperty("feedback").GetString().ShouldBe("Document why sys is imported.");
        events.Single(e => Describe(e) == "task_finished 1#1 approved").Data.GetProperty("files").EnumerateArray().Select(f => f.GetString()).ShouldBe(["converter.py"]);
        events[^1].Data.GetProperty("files").GetInt32().ShouldBe(5, "the four files of the tasks and the README, plus PLAN.md");
        events[^1].Data.GetProperty("verification").GetProperty("status").GetString().ShouldBe("passed");
    }

    [Fact]
    public async Task Reconnecting_with_last_event_id_resumes_right_after_that_event()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        var all = await ReadStreamAsync(alice.Http, id);
        var planReady = all.FindIndex(e => e.Type == "plan_ready");

        var resumed = await ReadStreamAsync(alice.Http, id, lastEventId: all[planReady].Id);

        resumed.Select(e => e.Id).ShouldBe(all.Skip(planReady + 1).Select(e => e.Id));
        resumed[0].Type.ShouldBe("task_started");
        resumed[^1].Type.ShouldBe("completed");
    }

    [Fact]
    public async Task Reconnecting_after_the_final_event_ends_the_stream_at_once_instead_of_holding_it_open()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await alice.Http.PostAsync($"/api/v1/projects/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var all = await ReadStreamAsync(alice.Http, id);
        all.Select(e => e.Type).ShouldBe(["queued", "cancelled"]);

        var again = await ReadStreamAsync(alice.Http, id, lastEventId: all[^1].Id);

        again.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_waiting_stream_receives_a_cancellation_as_it_happens_and_then_ends()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        var events = await ReadStreamAsync(alice.Http, id, onEvent: async e =>
        {
            if (e.Type == "queued")
            {
                (await alice.Http.PostAsync($"/api/v1/projects/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }
        });

        events.Select(e => e.Type).ShouldBe(["queued", "cancelled"]);
        events[1].Data.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_malformed_last_event_id_replays_the_stream_from_the_start()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await alice.Http.PostAsync($"/api/v1/projects/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var events = await ReadStreamAsync(alice.Http, id, lastEventId: "not-a-number");

        events.Select(e => e.Type).ShouldBe(["queued", "cancelled"]);
    }
}
