using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DevBot.Tests.Billing;

/// <summary>The operator commands, run as the real <c>devbot</c> binary against a database of their own.</summary>
public sealed class BillingCliTests
{
    [Fact]
    public async Task Pricing_set_changes_a_price_that_pricing_list_then_shows_as_the_operators()
    {
        using var work = new TempDirectory();
        var environment = Environment(work);

        var set = await RunAsync(environment, work, "pricing", "set", "--model", "my-finetune", "--input", "0.5", "--output", "1.25", "--provider", "vllm");
        var list = await RunAsync(environment, work, "pricing", "list");

        set.ExitCode.ShouldBe(0, set.Output);
        set.Output.ShouldContain("my-finetune (vllm): 0.5 USD in, 1.25 USD out per million tokens");
        list.ExitCode.ShouldBe(0, list.Output);
        list.Output.ShouldContain("1 credit = 0.01 USD");
        var line = list.Output.Split('\n').Single(l => l.StartsWith("my-finetune ", StringComparison.Ordinal));
        line.ShouldContain("0.50");
        line.ShouldContain("1.25");
        line.ShouldEndWith("operator");
        list.Output.Split('\n').Single(l => l.StartsWith("qwen2.5-coder:7b ", StringComparison.Ordinal)).ShouldContain("0.00");
    }

    [Fact]
    public async Task Pricing_set_refuses_a_negative_price_with_a_sentence_and_exit_code_two()
    {
        using var work = new TempDirectory();
        var result = await RunAsync(Environment(work), work, "pricing", "set", "--model", "m", "--input", "-1", "--output", "1");
        result.ExitCode.ShouldBe(2, result.Output);
        result.Output.ShouldContain("USD per million tokens");
    }

    [Fact]
    public async Task Ledger_verify_passes_on_a_consistent_ledger_and_lists_every_mismatch_with_exit_code_one()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var environment = Environment(work);
        var databasePath = Path.Combine(work.Path, "data", "devbot.db");
        await using (var host = await DevBotTestHost.StartAsync(llm.BaseUrl, $"Data Source={databasePath}", BillingTestHost.Metered()))
        {
            await host.PriceAsync(BillingTestHost.Model, 2m, 8m);
            var alice = await host.CreateUserAsync("alice");
            await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());
            await host.CreateUserAsync("bob");
        }

        SqliteConnection.ClearAllPools();
        var ok = await RunAsync(environment, work, "ledger", "verify");
        ok.ExitCode.ShouldBe(0, ok.Output);
        ok.Output.ShouldContain("Ledger OK: 2 users");

        // Someone edits a cached balance behind the ledger's back.
        await using (var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE users SET credits = '1000000' WHERE name = 'bob'";
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var broken = await RunAsync(environment, work, "ledger", "verify");
        broken.ExitCode.ShouldBe(1, broken.Output);
        broken.Output.ShouldContain("MISMATCH user");
        broken.Output.ShouldContain("(bob): balance 1000000 but transactions sum to 100");
        broken.Output.ShouldNotContain("(alice)");
        broken.Output.ShouldContain("Ledger INCONSISTENT");
    }

    [Fact]
    public async Task Ledger_grant_adds_credits_to_a_user()
    {
        using var work = new TempDirectory();
        var environment = Environment(work);
        var created = await RunAsync(environment, work, "users", "create", "--name", "carol");
        created.ExitCode.ShouldBe(0, created.Output);
        var userId = System.Text.RegularExpressions.Regex.Match(created.Output, @"\(([0-9a-f-]{36})\)").Groups[1].Value;

        var grant = await RunAsync(environment, work, "ledger", "grant", "--user", userId, "--amount", "25.5", "--reason", "beta tester");

        grant.ExitCode.ShouldBe(0, grant.Output);
        grant.Output.ShouldContain("125.5");
        (await RunAsync(environment, work, "ledger", "verify")).ExitCode.ShouldBe(0);
    }

    private static Dictionary<string, string?> Environment(TempDirectory work) =>
        DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);

    private static async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string?> environment, TempDirectory work, params string[] args)
    {
        await using var process = DevBotProcess.Start(environment, work.Path, args);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.Output);
    }
}
