using System.Net;
using System.Net.Http.Json;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Projects;

/// <summary>MAX_QUEUED_BUILDS_PER_USER over HTTP, through the real host, on both databases.</summary>
public sealed class QueueLimitTests(PostgresServer postgres)
{
    private static readonly Dictionary<string, string?> LimitOfThree = new() { ["MAX_QUEUED_BUILDS_PER_USER"] = "3" };

    [Fact]
    public Task Concurrent_submissions_at_the_limit_let_exactly_the_limit_through_on_sqlite() => ConcurrentAsync(null);

    [Fact]
    public async Task Concurrent_submissions_at_the_limit_let_exactly_the_limit_through_on_postgres() => await ConcurrentAsync(await postgres.CreateDatabaseAsync());

    [Fact]
    public async Task Beyond_the_limit_answers_429_problem_json_with_retry_after_and_the_count_and_other_users_are_not_affected()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false, settings: LimitOfThree);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        for (var i = 0; i < 3; i++)
        {
            await ProjectApi.SubmitAsync(alice.Http, $"Build {i}");
        }

        var refused = await alice.Http.PostAsJsonAsync("/api/v1/projects", new { description = "One too many" });

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString()!.ShouldContain("3 builds waiting");
        problem.GetProperty("queued").GetInt32().ShouldBe(3);
        problem.GetProperty("limit").GetInt32().ShouldBe(3);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);
        (await ProjectApi.SubmitAsync(bob.Http, "Bob's first")).GetProperty("queuePosition").GetInt32().ShouldBe(2);

        // Cancelling one of the waiting builds makes room again.
        var first = (await alice.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/projects")).GetProperty("items")[0].Id();
        (await alice.Http.PostAsync($"/api/v1/projects/{first}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await ProjectApi.SubmitAsync(alice.Http, "Room again");
    }

    private static async Task ConcurrentAsync(string? databaseUrl)
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false, settings: LimitOfThree);
        var alice = await host.CreateUserAsync("alice");

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => alice.Http.PostAsJsonAsync("/api/v1/projects", new { description = $"Build {i}" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(3);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(9);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        (await db.Set<Project>().CountAsync(p => p.UserId == alice.Id)).ShouldBe(3, "nothing of a refused submission is stored");
        (await db.Set<Job>().CountAsync(j => j.UserId == alice.Id)).ShouldBe(3);
        var positions = new List<int>();
        foreach (var accepted in responses.Where(r => r.StatusCode == HttpStatusCode.Accepted))
        {
            positions.Add((await accepted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("queuePosition").GetInt32());
        }

        positions.Order().ToList().ShouldBe([1, 2, 3], "each accepted build got its own place in line");
    }
}
