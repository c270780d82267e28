using System.Net;
using System.Net.Http.Json;
using System.Text;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Projects;

/// <summary>NUL and other junk in what users send: 400 with a clear detail and nothing stored, on both databases.</summary>
public sealed class UserTextTests(PostgresServer postgres)
{
    public static TheoryData<string, string, string> Junk() => new()
    {
        { "description", "A todo app\u0000 with a NUL", "NUL character (U+0000) at position 11" },
        { "title", "Todo\u0000", "title contains a NUL" },
        { "stack", "Py\u0000thon", "stack contains a NUL" },
        { "description", "A todo app \u001b[31m in red", "control character (U+001B)" },
        { "title", "Two\nlines", "control character (U+000A)" },
    };

    [Theory]
    [MemberData(nameof(Junk))]
    public Task Junk_in_a_project_request_answers_400_and_stores_nothing_on_sqlite(string field, string value, string detail) =>
        RefusedAsync(null, field, value, detail);

    [Theory]
    [MemberData(nameof(Junk))]
    public async Task Junk_in_a_project_request_answers_400_and_stores_nothing_on_postgres(string field, string value, string detail) =>
        await RefusedAsync(await postgres.CreateDatabaseAsync(), field, value, detail);

    [Fact]
    public async Task A_lone_surrogate_escaped_in_json_is_refused_with_400()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync();
        using var content = new StringContent("{\"description\":\"A todo app \\ud800 broken\"}", Encoding.UTF8, "application/json");

        await (await alice.Http.PostAsync("/api/v1/projects", content)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Multiline_descriptions_with_tabs_are_still_accepted()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync();
        await ProjectApi.SubmitAsync(alice.Http, "A todo app\r\nwith:\n\t- a REST API\n\t- tests 🧪");
    }

    private static async Task RefusedAsync(string? databaseUrl, string field, string value, string detail)
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false);
        var alice = await host.CreateUserAsync();
        var body = new Dictionary<string, string> { ["description"] = "A todo app", [field] = value };

        var problem = await (await alice.Http.PostAsJsonAsync("/api/v1/projects", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        (await db.Set<Project>().CountAsync()).ShouldBe(0);
        (await db.Set<Job>().CountAsync()).ShouldBe(0);
    }
}
