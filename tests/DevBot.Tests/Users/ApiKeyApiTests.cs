using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Audit;
using DevBot.Data;
using DevBot.Tests.Infrastructure;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Users;

/// <summary><c>/api/v1/me/keys</c> through the real host: list, create (shown once), revoke (effective at once), audited.</summary>
public sealed class ApiKeyApiTests
{
    private const string Keys = "/api/v1/me/keys";

    [Fact]
    public async Task Keys_are_listed_without_secrets_created_once_and_a_revoked_key_stops_working_at_once()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync("alice");

        var listed = await alice.Http.GetStringAsync(Keys);
        listed.ShouldNotContain(alice.ApiKey);
        var first = JsonDocument.Parse(listed).RootElement.EnumerateArray().ShouldHaveSingleItem();
        first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["active", "createdAt", "id", "label", "lastUsedAt", "prefix", "revokedAt"]);
        alice.ApiKey.ShouldStartWith(first.GetProperty("prefix").GetString()!);

        var created = await alice.Http.PostAsJsonAsync(Keys, new { label = "laptop" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = key.GetProperty("key").GetString()!;
        var keyId = key.GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldBe($"{Keys}/{keyId}");
        using var laptop = host.CreateClient(secret);
        (await laptop.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await alice.Http.DeleteAsync($"{Keys}/{keyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await laptop.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await alice.Http.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "her other key still works");
        (await alice.Http.DeleteAsync($"{Keys}/{keyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent, "revoking twice changes nothing");
        var keys = (await alice.Http.GetFromJsonAsync<JsonElement>(Keys)).EnumerateArray().ToList();
        keys.Count.ShouldBe(2);
        keys.Single(k => k.GetProperty("id").GetGuid() == keyId).GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.String);
        keys.Single(k => k.GetProperty("id").GetGuid() == keyId).GetProperty("label").GetString().ShouldBe("laptop");

        var audit = await AuditAsync(host, alice.Id);
        audit.Where(e => e.Action == AccountAudit.KeyCreatedAction).Select(e => e.Actor).ShouldBe(["cli", $"api:{alice.Id}"], ignoreOrder: true);
        var revoked = audit.Where(e => e.Action == AccountAudit.KeyRevokedAction).ShouldHaveSingleItem();
        revoked.Details.ShouldContain(keyId.ToString());
        audit.ShouldAllBe(e => !e.Details.Contains(secret));
    }

    [Fact]
    public async Task Revoking_the_key_a_request_came_with_ends_that_key_too()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync("alice");
        var own = (await alice.Http.GetFromJsonAsync<JsonElement>(Keys)).EnumerateArray().Single().GetProperty("id").GetGuid();

        (await alice.Http.DeleteAsync($"{Keys}/{own}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await alice.Http.GetAsync(Keys)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_users_key_answers_404_like_an_unknown_one_and_stays_valid()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var alicesKey = (await alice.Http.GetFromJsonAsync<JsonElement>(Keys)).EnumerateArray().Single().GetProperty("id").GetGuid();

        await (await bob.Http.DeleteAsync($"{Keys}/{alicesKey}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Http.DeleteAsync($"{Keys}/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Http.DeleteAsync($"{Keys}/not-a-guid")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await alice.Http.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_labels_and_too_many_keys_are_refused_and_create_nothing()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);
        var alice = await host.CreateUserAsync("alice");

        (await (await alice.Http.PostAsJsonAsync(Keys, new { label = "lap\u0000top" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .GetProperty("detail").GetString()!.ShouldContain("NUL");
        await (await alice.Http.PostAsJsonAsync(Keys, new { label = new string('x', ApiKeys.MaxLabelLength + 1) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await alice.Http.GetFromJsonAsync<JsonElement>(Keys)).GetArrayLength().ShouldBe(1);

        for (var i = 1; i < ApiKeys.MaxActivePerUser; i++)
        {
            (await alice.Http.PostAsync(Keys, null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var refused = await (await alice.Http.PostAsync(Keys, null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain($"{ApiKeys.MaxActivePerUser} active API keys");
    }

    [Fact]
    public async Task When_a_key_was_last_used_is_written_and_kept_across_a_restart()
    {
        using var data = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(data.Path, "devbot.db")}";
        ApiUser alice;
        await using (var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false))
        {
            alice = await host.CreateUserAsync("alice");
            (await alice.Http.GetFromJsonAsync<JsonElement>(Keys)).EnumerateArray().Single().GetProperty("lastUsedAt").ValueKind.ShouldBe(JsonValueKind.Null,
                "the first use is written a little later, not in the request that makes it");
        }

        await using var restarted = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false);
        using var client = restarted.CreateClient(alice.ApiKey);
        var key = (await client.GetFromJsonAsync<JsonElement>(Keys)).EnumerateArray().Single();
        key.GetProperty("lastUsedAt").ValueKind.ShouldBe(JsonValueKind.String, "the use before the restart was written when the host stopped");
    }

    private static async Task<List<AuditEntry>> AuditAsync(DevBotTestHost host, Guid subject)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.SubjectUserId == subject).OrderBy(e => e.CreatedAt).ToListAsync();
    }
}
