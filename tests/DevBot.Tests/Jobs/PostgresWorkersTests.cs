using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Jobs;

public sealed class PostgresWorkersTests(PostgresServer postgres)
{
    /// <summary>
    /// Two worker processes (two loops each) share one PostgreSQL database. Their idle poll is a minute, so
    /// they can only start promptly if LISTEN/NOTIFY wakes them; every step of every build must run once.
    /// </summary>
    [Fact]
    public async Task Two_worker_processes_on_one_postgres_database_run_every_step_exactly_once()
    {
        // No rejections: the scripted reviewer's "reject once" is per server, and every build must cost the same.
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { RejectFirstReviewOf = new HashSet<int>() });
        var databaseUrl = await postgres.CreateDatabaseAsync();
        await using var api = await DevBotTestHost.StartAsync(llm.BaseUrl, databaseUrl, runWorkers: false);
        var alice = await api.CreateUserAsync("alice");
        var bob = await api.CreateUserAsync("bob");

        var environment = DevBotTestHost.BaseSettings(api.DataDirectory, llm.BaseUrl, databaseUrl);
        environment["WORKER_CONCURRENCY"] = "2";
        environment["JOB_POLL_SECONDS"] = "60";
        environment["Logging:LogLevel:DevBot.Jobs"] = "Information";
        using var work = new TempDirectory();
        await using var first = DevBotProcess.Start(environment, work.Path, "worker");
        await using var second = DevBotProcess.Start(environment, work.Path, "worker");
        await WaitUntilAsync(() => first.Output.Contains("Worker", StringComparison.Ordinal) && second.Output.Contains("Worker", StringComparison.Ordinal));

        var projects = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            projects.Add((await ProjectApi.SubmitAsync(alice.Http)).Id());
            projects.Add((await ProjectApi.SubmitAsync(bob.Http)).Id());
        }

        foreach (var id in projects)
        {
            var owner = projects.IndexOf(id) % 2 == 0 ? alice : bob;
            var project = await ProjectApi.WaitForStatusAsync(owner.Http, id, TimeSpan.FromSeconds(120));
            project.GetProperty("status").GetString().ShouldBe("completed", first.Output + second.Output);
        }

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var calls = await db.Set<LlmCall>().AsNoTracking().ToListAsync();
        calls.ShouldAllBe(c => c.Outcome == LlmCallOutcome.Succeeded);
        llm.Requests.Count.ShouldBe(calls.Count, "no step was asked of the model twice");
        calls.GroupBy(c => c.ProjectId).ShouldAllBe(g => g.Count() == 8, "per build: plan, 3 implement and 3 review calls, README");
        (first.Output + second.Output).Split("Running build job").Length.ShouldBe(projects.Count + 1, "each build was claimed exactly once");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
