using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Data;
using DevBot.Tests.Infrastructure;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Users;

/// <summary>On PostgreSQL the key-usage writer updates a chunk of keys in one statement: each key keeps its latest use.</summary>
public sealed class PostgresApiKeyUsageTests(PostgresServer postgres)
{
    [Fact]
    public async Task Uses_of_many_keys_are_written_when_the_host_stops_and_an_older_use_never_replaces_a_newer_one()
    {
        var databaseUrl = await postgres.CreateDatabaseAsync();
        var users = new List<ApiUser>();
        await using (var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false))
        {
            for (var i = 0; i < 3; i++)
            {
                users.Add(await host.CreateUserAsync($"user{i}"));
                (await users[^1].Http.GetFromJsonAsync<JsonElement>("/api/v1/me/keys")).ValueKind.ShouldBe(JsonValueKind.Array);
            }

            // A use written earlier that is newer than the ones this process saw must stay.
            var future = DateTime.UtcNow.AddDays(1);
            await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<ApiKey>()
                .Where(k => k.UserId == users[0].Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, future)));
        }

        await using var restarted = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), databaseUrl, runWorkers: false);
        var keys = await restarted.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<ApiKey>().AsNoTracking().ToListAsync());
        keys.Count.ShouldBe(3);
        keys.ShouldAllBe(k => k.LastUsedAt != null, "each key's use was written when the host stopped");
        keys.Single(k => k.UserId == users[0].Id).LastUsedAt!.Value.ShouldBeGreaterThan(DateTime.UtcNow.AddHours(12), "the newer use stays");
        keys.Where(k => k.UserId != users[0].Id).ShouldAllBe(k => k.LastUsedAt < DateTime.UtcNow.AddMinutes(1));
    }
}
