using System.Net;
using System.Net.Http.Json;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Projects.Versions;

[Collection(WorkerProcessCollection.Name)]
public sealed class ChangeCrashResumeTests
{
    /// <summary>
    /// A worker process is SIGKILLed while the model answers the second task of a change (the first task's edits are
    /// committed). A new worker process takes the change over once the lease has run out and delivers version 2,
    /// asking the model again only the call that was in flight: nothing stored, of the build or of the change, is
    /// paid for twice.
    /// </summary>
    [Fact]
    public async Task A_worker_killed_mid_change_is_replaced_and_the_change_finishes_without_paying_twice()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Later = KelvinChange.Answer });
        using var work = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(work.Path, "devbot.db")}";
        await using var api = await DevBotTestHost.StartAsync(llm.BaseUrl, databaseUrl, runWorkers: false);
        var user = await api.CreateUserAsync();
        var environment = DevBotTestHost.BaseSettings(api.DataDirectory, llm.BaseUrl, databaseUrl);
        environment["JOB_LEASE_SECONDS"] = "3";
        environment["WORKER_CONCURRENCY"] = "1";

        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        llm.BeforeAnswer = async request =>
        {
            if (request.Version == 2 && request.Kind == ChatKind.Implement && request.TaskIndex == 2)
            {
                reached.TrySetResult();
                await hold.Task;
            }
        };

        var id = (await ProjectApi.SubmitAsync(user.Http)).Id();
        await using (var worker = DevBotProcess.Start(environment, work.Path, "worker"))
        {
            (await ProjectApi.WaitForStatusAsync(user.Http, id, TimeSpan.FromSeconds(90))).GetProperty("status").GetString().ShouldBe("completed", worker.Output);
            var change = await user.Http.PostAsJsonAsync($"/api/v1/projects/{id}/changes", new { instruction = KelvinChange.Instruction });
            change.StatusCode.ShouldBe(HttpStatusCode.Accepted, await change.Content.ReadAsStringAsync());
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            worker.Kill();
        }

        llm.BeforeAnswer = null;
        hold.TrySetResult();
        var before = llm.Requests.Where(r => r.Version == 2).Select(r => r.CallKey).ToList();
        before.ShouldBe(["v2/plan#1", "v2/task:1:implement#1", "v2/task:1:review:1#1", "v2/task:2:implement#1"]);

        await using var replacement = DevBotProcess.Start(environment, work.Path, "worker");
        var project = await ProjectApi.WaitForStatusAsync(user.Http, id, TimeSpan.FromSeconds(90));
        project.GetProperty("status").GetString().ShouldBe("completed", replacement.Output);
        project.GetProperty("version").GetInt32().ShouldBe(2);
        (await user.Http.GetStringAsync($"/api/v1/projects/{id}/files/converter.py")).ShouldBe(KelvinChange.Converter);

        llm.Requests.Count(r => r.CallKey == "v2/task:2:implement#1").ShouldBe(2, "only the call in flight was asked again");
        llm.Requests.Where(r => r.CallKey != "v2/task:2:implement#1").Select(r => r.CallKey).ShouldBeUnique("nothing stored was asked twice");
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var stored = await db.Set<LlmCall>().Where(c => c.ProjectId == id && c.Outcome == LlmCallOutcome.Succeeded).Select(c => c.CallKey).ToListAsync();
        stored.ShouldBeUnique();
        stored.Count.ShouldBe(llm.Requests.Count - 1, "every request but the one killed in flight was stored (and charged) exactly once");
    }
}
