using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Audit;

/// <summary><c>GET /api/v1/admin/audit</c> through the real host on both databases: what is audited, filters, paging, bad input.</summary>
public sealed class AuditApiTests(PostgresServer postgres)
{
    private const string Audit = "/api/v1/admin/audit";

    [Fact]
    public Task Keys_projects_purchases_and_grants_are_audited_and_filtered_by_user_action_and_time_on_sqlite() => AuditedAsync(null);

    [Fact]
    public async Task Keys_projects_purchases_and_grants_are_audited_and_filtered_by_user_action_and_time_on_postgres() => await AuditedAsync(await postgres.CreateDatabaseAsync());

    [Fact]
    public async Task Only_admins_read_the_audit_log_and_bad_queries_answer_400_problem_json()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var admin = await host.CreateUserAsync("root", admin: true);
        var alice = await host.CreateUserAsync("alice");

        await (await alice.Http.GetAsync(Audit)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await host.CreateClient().GetAsync(Audit)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var cursor = (await admin.Http.GetFromJsonAsync<JsonElement>($"{Audit}?limit=1")).GetProperty("nextCursor").GetString()!;
        foreach (var query in new[]
        {
            "?user=alice", "?from=yesterday", "?to=2026-13-45", "?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
            "?limit=0", "?limit=1000", "?cursor=xyz", $"?cursor={cursor}&action=apikey.created", "?action=" + new string('a', 101),
        })
        {
            var problem = await (await admin.Http.GetAsync(Audit + query)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace(query);
        }

        (await admin.Http.GetAsync($"{Audit}?cursor={cursor}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task AuditedAsync(string? databaseUrl)
    {
        var started = DateTime.UtcNow;
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false,
            settings: new Dictionary<string, string?> { ["MOCK_STRIPE_PAYMENTS"] = "true" });
        var admin = await host.CreateUserAsync("root", admin: true);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");

        var key = await (await alice.Http.PostAsJsonAsync("/api/v1/me/keys", new { label = "ci" })).Content.ReadFromJsonAsync<JsonElement>();
        (await alice.Http.DeleteAsync($"/api/v1/me/keys/{key.GetProperty("id").GetGuid()}")).EnsureSuccessStatusCode();
        var project = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await alice.Http.PostAsync($"/api/v1/projects/{project}/cancel", null)).EnsureSuccessStatusCode();
        (await admin.Http.PostAsJsonAsync($"/api/v1/admin/users/{alice.Id}/credits", new { amount = 25m, description = "thanks" })).EnsureSuccessStatusCode();
        (await bob.Http.PostAsJsonAsync("/api/v1/billing/checkout", new { pack = "starter" })).EnsureSuccessStatusCode();

        var alices = await ReadAllAsync(admin.Http, $"?user={alice.Id}", pageSize: 2);
        alices.Select(e => e.GetProperty("action").GetString()).Order(StringComparer.Ordinal).ShouldBe(
            ["apikey.created", "apikey.created", "apikey.revoked", "credits.grant", "project.cancelled", "project.created", "user.created"]);
        alices.Select(e => e.GetProperty("createdAt").GetDateTime()).ShouldBeInOrder(SortDirection.Descending);
        var grant = alices.Single(e => e.GetProperty("action").GetString() == "credits.grant");
        grant.GetProperty("actor").GetString().ShouldBe($"api:{admin.Id}");
        grant.GetProperty("userId").GetGuid().ShouldBe(admin.Id);
        grant.GetProperty("subjectUserId").GetGuid().ShouldBe(alice.Id);
        grant.GetProperty("details").GetProperty("credits").GetDecimal().ShouldBe(25m);
        alices.Single(e => e.GetProperty("action").GetString() == "project.created").GetProperty("details").GetProperty("projectId").GetGuid().ShouldBe(project);

        var purchase = (await ReadAllAsync(admin.Http, "?action=credits.purchase", pageSize: 50)).ShouldHaveSingleItem();
        purchase.GetProperty("actor").GetString().ShouldBe("mock-payments");
        purchase.GetProperty("subjectUserId").GetGuid().ShouldBe(bob.Id);

        (await ReadAllAsync(admin.Http, "?action=apikey.", pageSize: 50)).Select(e => e.GetProperty("action").GetString())
            .ShouldAllBe(a => a == "apikey.created" || a == "apikey.revoked");
        (await ReadAllAsync(admin.Http, $"?to={started.AddMinutes(-1):O}", pageSize: 50)).ShouldBeEmpty();
        (await ReadAllAsync(admin.Http, $"?from={DateTime.UtcNow.AddMinutes(1):O}", pageSize: 50)).ShouldBeEmpty();
        (await ReadAllAsync(admin.Http, $"?from={started.AddMinutes(-1):O}&user={bob.Id}", pageSize: 50)).Count.ShouldBe(3, "bob: created, his first key, his purchase");
    }

    /// <summary>Follows nextCursor to the end, checking that no entry comes twice.</summary>
    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient admin, string query, int pageSize)
    {
        var entries = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var response = await admin.GetAsync($"{Audit}{query}&limit={pageSize}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            entries.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        entries.Select(e => e.GetProperty("id").GetGuid()).Distinct().Count().ShouldBe(entries.Count);
        return entries;
    }
}
