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
        await using var crash = await CrashScenario.RunUntilKilledAsync(r => r.Kind == ChatKind.Implement && r.TaskIndex == 2);
        var (llm, user, accepted) = (crash.Llm, crash.User, crash.ProjectId);
        var requestsBeforeCrash = llm.Requests.Count;
        await using var second = crash.StartReplacementWorker();
        var project = await ProjectApi.WaitForStatusAsync(user.Http, accepted, TimeSpan.FromSeconds(90));
        project.GetProperty("status").GetString().ShouldBe("completed", second.Output);

        // Before the crash: plan, task 1 implement + review, task 2 implement (in flight, never stored).
        requestsBeforeCrash.ShouldBe(4);
        llm.CountRequests(ChatKind.Plan).ShouldBe(1);
        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 1).ShouldBe(1);
        llm.Requests.Count(r => r.Kind == ChatKind.Review && r.TaskIndex == 1).ShouldBe(1);
        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 2).ShouldBe(3, "the killed call once, then two attempts");

        await using var scope = crash.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var stored = await db.Set<LlmCall>().Where(c => c.ProjectId == accepted && c.Outcome == LlmCallOutcome.Succeeded).ToListAsync();
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
        // The second implement call of task 2 comes after the first attempt was rejected.
        await using var crash = await CrashScenario.RunUntilKilledAsync(r =>
            r.Kind == ChatKind.Implement && r.TaskIndex == 2 && r.LastUser.Contains("# Reviewer feedback", StringComparison.Ordinal));
        var (llm, user, accepted) = (crash.Llm, crash.User, crash.ProjectId);
        await using var second = crash.StartReplacementWorker();
        var project = await ProjectApi.WaitForStatusAsync(user.Http, accepted, TimeSpan.FromSeconds(90));
        project.GetProperty("status").GetString().ShouldBe("completed", second.Output);

        llm.Requests.Count(r => r.Kind == ChatKind.Implement && r.TaskIndex == 2).ShouldBe(3, "attempt 1 once, attempt 2 killed then asked again");
        llm.Requests.Count(r => r.Kind == ChatKind.Review && r.TaskIndex == 2).ShouldBe(2, "the stored rejection was replayed, not asked again");
        var cli = await user.Http.GetStringAsync($"/api/v1/projects/{accepted}/files/cli.py");
        cli.ShouldContain("import sys  # reads argv");
    }
}

/// <summary>
/// A build run by a worker process that is SIGKILLed when the model receives the request the test names
/// (the request stays in flight, unanswered). The API host shares the SQLite file with the workers.
/// </summary>
internal sealed class CrashScenario : IAsyncDisposable
{
    private readonly TempDirectory _work;
    private readonly Dictionary<string, string?> _environment;

    private CrashScenario(FakeOpenAiServer llm, TempDirectory work, DevBotTestHost api, ApiUser user, Guid projectId, Dictionary<string, string?> environment)
    {
        (Llm, _work, Api, User, ProjectId, _environment) = (llm, work, api, user, projectId, environment);
    }

    public FakeOpenAiServer Llm { get; }

    public DevBotTestHost Api { get; }

    public ApiUser User { get; }

    public Guid ProjectId { get; }

    public static async Task<CrashScenario> RunUntilKilledAsync(Func<RecordedChatRequest, bool> killAt)
    {
        var llm = await FakeOpenAiServer.StartAsync();
        var work = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(work.Path, "devbot.db")}";
        var api = await DevBotTestHost.StartAsync(llm.BaseUrl, databaseUrl, runWorkers: false);
        var user = await api.CreateUserAsync();

        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        llm.BeforeAnswer = async request =>
        {
            if (killAt(request))
            {
                reached.TrySetResult();
                await hold.Task;
            }
        };

        var environment = DevBotTestHost.BaseSettings(api.DataDirectory, llm.BaseUrl, databaseUrl);
        environment["JOB_LEASE_SECONDS"] = "3";
        environment["WORKER_CONCURRENCY"] = "1";
        var projectId = (await ProjectApi.SubmitAsync(user.Http)).Id();
        await using (var worker = DevBotProcess.Start(environment, work.Path, "worker"))
        {
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            worker.Kill();
        }

        llm.BeforeAnswer = null;
        hold.TrySetResult();
        return new CrashScenario(llm, work, api, user, projectId, environment);
    }

    /// <summary>A new worker process; it takes the build over once the dead worker's lease has run out.</summary>
    public DevBotProcess StartReplacementWorker() => DevBotProcess.Start(_environment, _work.Path, "worker");

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Llm.DisposeAsync();
        _work.Dispose();
    }
}
