using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Pipeline;

public sealed class CrashResumeTests
{
    /// <summary>
    /// A worker process is SIGKILLed while task 2's implementer call is in flight. A new worker process
    /// picks the job up after the lease runs out and finishes the build, asking the model nothing it had
    /// already answered (only the call that was in flight is asked again).
    /// </summary>
    [Fact]
    public async Task Killed_worker_is_replaced_and_the_build_finishes_without_repeating_any_stored_llm_call()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(work.Path, "devbot.db")}";
        await using var api = await DevBotTestHost.StartAsync(llm.BaseUrl, databaseUrl, runWorkers: false);
        var user = await api.CreateUserAsync();

        var holdTask2 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task2Reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        llm.BeforeAnswer = async request =>
        {
            if (request.Kind == ChatKind.Implement && request.TaskIndex == 2)
            {
                task2Reached.TrySetResult();
                await holdTask2.Task;
            }
        };

        var environment = WorkerEnvironment(api, llm, databaseUrl);
        var accepted = await ProjectApi.SubmitAsync(user.Http);
        await using (var first = DevBotProcess.Start(environment, work.Path, "worker"))
        {
            await task2Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            first.Kill();
        }

        var requestsBeforeCrash = llm.Requests.Count;
        llm.BeforeAnswer = null;
        holdTask2.TrySetResult();

        await using var second = DevBotProcess.Start(environment, work.Path, "worker");
        var project = await ProjectApi.WaitForStatusAsync(user.Http, accepted.Id(), TimeSpan.FromSeconds(90));
        project.GetProperty("status").GetString().ShouldBe("completed", second.Output);

        // Before the crash: plan, task 1 implement + review, task 2 implement (in flight, never stored).
        requestsBeforeCrash.ShouldBe(4);
        llm.CountRequests(ChatKind.Plan).ShouldBe(1);
        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 1).ShouldBe(1);
        llm.Requests.Count(r => r.Kind == ChatKind.Review && r.TaskIndex == 1).ShouldBe(1);
        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 2).ShouldBe(3, "the killed call once, then two attempts");

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var stored = await db.LlmCalls.Where(c => c.ProjectId == accepted.Id() && c.Outcome == LlmCallOutcome.Succeeded).ToListAsync();
        stored.Select(c => c.CallKey).ShouldBeUnique();
        stored.Count.ShouldBe(llm.Requests.Count - 1, "every request but the one killed in flight was stored exactly once");
    }

    /// <summary>
    /// The same crash, but a restarted worker replays a step whose answers were all stored: task 2 had been
    /// implemented and rejected once before the kill, so the replay must rebuild the staged files from the
    /// stored answers and continue with attempt 2 (the SEARCH/REPLACE edit applies to the replayed file).
    /// </summary>
    [Fact]
    public async Task Restarted_worker_replays_stored_attempts_of_the_interrupted_task_and_continues_from_there()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(work.Path, "devbot.db")}";
        await using var api = await DevBotTestHost.StartAsync(llm.BaseUrl, databaseUrl, runWorkers: false);
        var user = await api.CreateUserAsync();

        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        llm.BeforeAnswer = async request =>
        {
            // Second implement call of task 2 (after the first was rejected).
            if (request.Kind == ChatKind.Implement && request.TaskIndex == 2 && request.LastUser.Contains("# Reviewer feedback", StringComparison.Ordinal))
            {
                reached.TrySetResult();
                await hold.Task;
            }
        };

        var environment = WorkerEnvironment(api, llm, databaseUrl);
        var accepted = await ProjectApi.SubmitAsync(user.Http);
        await using (var first = DevBotProcess.Start(environment, work.Path, "worker"))
        {
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            first.Kill();
        }

        llm.BeforeAnswer = null;
        hold.TrySetResult();
        await using var second = DevBotProcess.Start(environment, work.Path, "worker");
        var project = await ProjectApi.WaitForStatusAsync(user.Http, accepted.Id(), TimeSpan.FromSeconds(90));
        project.GetProperty("status").GetString().ShouldBe("completed", second.Output);

        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 2).ShouldBe(3, "attempt 1 once, attempt 2 killed then asked again");
        llm.Requests.Count(r => r.Kind == ChatKind.Review && r.TaskIndex == 2).ShouldBe(2, "the stored rejection was replayed, not asked again");
        var cli = await user.Http.GetStringAsync($"/api/v1/projects/{accepted.Id()}/files/cli.py");
        cli.ShouldContain("import sys  # reads argv");
    }

    private static Dictionary<string, string?> WorkerEnvironment(DevBotTestHost api, FakeOpenAiServer llm, string databaseUrl)
    {
        var environment = DevBotTestHost.BaseSettings(api.DataDirectory, llm.BaseUrl, databaseUrl);
        environment["JOB_LEASE_SECONDS"] = "3";
        environment["WORKER_CONCURRENCY"] = "1";
        return environment;
    }
}
