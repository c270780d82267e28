using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Jobs;

/// <summary>
/// A worker frozen past its lease (SIGSTOP: a long GC pause, a suspended VM) while a model call is in flight. Another
/// worker takes the build over. When the first one wakes (SIGCONT) it must not go on with the build: its in-flight
/// call is abandoned and it makes no further call — the provider is not paid twice for the steps that follow.
/// Each worker talks to its own model stand-in, so every request is known to come from one or the other.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class LostLeaseTests
{
    [Fact]
    public async Task A_worker_that_wakes_after_losing_its_lease_makes_no_further_model_call()
    {
        await using var first = await FakeOpenAiServer.StartAsync();
        await using var second = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(work.Path, "devbot.db")}";
        await using var api = await DevBotTestHost.StartAsync(first.BaseUrl, databaseUrl, runWorkers: false);
        var user = await api.CreateUserAsync();

        // The first worker's call for task 2 is held until the test lets it go.
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.BeforeAnswer = async request =>
        {
            if (request.Kind == ChatKind.Implement && request.TaskIndex == 2)
            {
                reached.TrySetResult();
                await release.Task;
            }
        };

        // The second worker's call for the same step is held too, so it cannot store that step before the first wakes.
        var secondReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        second.BeforeAnswer = async request =>
        {
            if (request.Kind == ChatKind.Implement && request.TaskIndex == 2)
            {
                secondReached.TrySetResult();
                await secondRelease.Task;
            }
        };

        // The frozen worker's lease is short, so the replacement takes over soon. The replacement's is long: on a loaded
        // machine a late heartbeat of a 3 s lease would let the woken worker claim the job again, lawfully, and call.
        Dictionary<string, string?> WorkerSettings(FakeOpenAiServer llm, int leaseSeconds)
        {
            var settings = DevBotTestHost.BaseSettings(api.DataDirectory, llm.BaseUrl, databaseUrl);
            settings["JOB_LEASE_SECONDS"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["WORKER_CONCURRENCY"] = "1";
            return settings;
        }

        var projectId = (await ProjectApi.SubmitAsync(user.Http)).Id();
        await using var frozen = DevBotProcess.Start(WorkerSettings(first, leaseSeconds: 3), work.Path, "worker");
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(90));
        frozen.Freeze();

        await using var replacement = DevBotProcess.Start(WorkerSettings(second, leaseSeconds: 60), work.Path, "worker");
        await secondReached.Task.WaitAsync(TimeSpan.FromSeconds(90));

        var requestsBeforeWaking = first.Requests.Count;
        frozen.Thaw();
        release.TrySetResult();

        // Long enough for the woken worker to renew (and lose) its lease and to reach its next step if it went on.
        await Task.Delay(TimeSpan.FromSeconds(6));
        first.Requests.Count.ShouldBe(requestsBeforeWaking, "the woken worker asked the model nothing more:\n" + frozen.Output);

        // Its part is over. (Left running, it may lawfully claim the job again should the replacement's attempt end in
        // an error, e.g. when the woken worker's in-flight answer was stored first: a later claim, not a lost lease.)
        await frozen.StopAsync(TimeSpan.FromSeconds(30));

        secondRelease.TrySetResult();
        var project = await ProjectApi.WaitForStatusAsync(user.Http, projectId, TimeSpan.FromSeconds(120));
        project.GetProperty("status").GetString().ShouldBe("completed", replacement.Output);
        first.Requests.Count.ShouldBe(requestsBeforeWaking);

        await using var scope = api.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<LlmCall>()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded).Select(c => c.CallKey).ToListAsync();
        stored.ShouldBeUnique();

        // Every step but the one in flight at the freeze was asked exactly once across both workers.
        var asked = first.Requests.Concat(second.Requests).GroupBy(r => r.CallKey).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        asked.ShouldBe(["task:2:implement#1"]);
    }
}
