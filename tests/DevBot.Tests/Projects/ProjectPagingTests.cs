using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Projects;

/// <summary><c>GET /api/v1/projects?limit=&amp;cursor=</c> through the real host, on both databases.</summary>
public sealed class ProjectPagingTests(PostgresServer postgres)
{
    [Fact]
    public Task Pages_walk_every_project_newest_first_once_even_with_equal_creation_times_on_sqlite() => WalkAsync(null);

    [Fact]
    public async Task Pages_walk_every_project_newest_first_once_even_with_equal_creation_times_on_postgres() => await WalkAsync(await postgres.CreateDatabaseAsync());

    [Fact]
    public async Task Bad_limits_and_bad_or_foreign_cursors_answer_400_problem_json()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        for (var i = 0; i < 3; i++)
        {
            await ProjectApi.SubmitAsync(bob.Http, $"Bob {i}");
        }

        var bobsCursor = (await bob.Http.GetFromJsonAsync<JsonElement>("/api/v1/projects?limit=1")).GetProperty("nextCursor").GetString()!;

        foreach (var query in new[] { "?limit=0", "?limit=201", "?limit=abc", "?cursor=not-a-cursor", $"?cursor={bobsCursor}", $"?cursor={bobsCursor[..^2]}" })
        {
            var problem = await (await alice.Http.GetAsync("/api/v1/projects" + query)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.ToString().ShouldNotBeNullOrWhiteSpace();
        }

        (await bob.Http.GetAsync($"/api/v1/projects?cursor={bobsCursor}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task WalkAsync(string? databaseUrl)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false,
            settings: new Dictionary<string, string?> { ["MAX_QUEUED_BUILDS_PER_USER"] = "20" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var submitted = new List<(Guid Id, int Tick)>();
        for (var i = 0; i < 11; i++)
        {
            // Three projects per clock tick: the order between them is by id, and paging must not lose or repeat one.
            if (i % 3 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            submitted.Add(((await ProjectApi.SubmitAsync(alice.Http, $"Project {i}")).Id(), i / 3));
            await ProjectApi.SubmitAsync(bob.Http, $"Bob's {i}");
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/projects?limit=4" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        pages.ShouldBe(3);
        seen.Count.ShouldBe(11);
        seen.Distinct().Count().ShouldBe(11);
        seen.ShouldBe(submitted.OrderByDescending(p => p.Tick).ThenByDescending(p => p.Id.ToString(), StringComparer.Ordinal).Select(p => p.Id).ToList());
    }
}
