using System.Net;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Cli;

/// <summary><c>devbot users list|show|create-key|revoke-keys</c> and <c>devbot audit</c>, run as the built binary with output redirected.</summary>
public sealed class UsersAndAuditCliTests
{
    [Fact]
    public async Task Users_commands_list_show_issue_and_revoke_keys_in_plain_text_and_the_audit_command_shows_it_all()
    {
        using var work = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(work.Path, "devbot.db")}";
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl);

        var alicesFirstKey = LastLine(await RunAsync(environment, work, 0, "users", "create", "--name", "alice"));
        await RunAsync(environment, work, 0, "users", "create", "--name", "root", "--admin");

        var list = await RunAsync(environment, work, 0, "users", "list");
        var lines = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("NAME");
        lines[0].ShouldContain("ADMIN");
        lines.ShouldContain(l => l.StartsWith("alice ", StringComparison.Ordinal) && l.Contains(" no ") && l.TrimEnd().EndsWith(" 1", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("root ", StringComparison.Ordinal) && l.Contains(" yes "));
        list.ShouldContain("2 user(s).");

        var laptopKey = LastLine(await RunAsync(environment, work, 0, "users", "create-key", "--name", "alice", "--label", "laptop"));
        laptopKey.ShouldStartWith("dvb_");

        var show = await RunAsync(environment, work, 0, "users", "show", "--name", "alice");
        show.ShouldContain("Name:     alice");
        show.ShouldContain("Balance:  100 credits");
        show.ShouldContain("API keys: 2 active, 0 revoked");
        show.ShouldContain(laptopKey[..10]);
        show.ShouldContain("laptop");
        show.ShouldNotContain(laptopKey);
        var laptopId = show.Split('\n').Single(l => l.Contains("laptop", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        await using (var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", databaseUrl, runWorkers: false))
        {
            using var laptop = host.CreateClient(laptopKey);
            (await laptop.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await RunAsync(environment, work, 0, "users", "revoke-keys", "--name", "alice", "--key", laptopId)).ShouldContain("Revoked API key");
            (await laptop.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "revoked while the server runs: refused at once");
            using var first = host.CreateClient(alicesFirstKey);
            (await first.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await RunAsync(environment, work, 0, "users", "revoke-keys", "--name", "alice")).ShouldContain("Revoked 1 API key(s) of alice.");
            (await first.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var audit = await RunAsync(environment, work, 0, "audit", "--user", "alice", "--since", "1h");
        var entries = audit.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        entries.Count(l => l.Contains("  apikey.revoked  cli  ", StringComparison.Ordinal)).ShouldBe(2);
        entries.Count(l => l.Contains("  apikey.created  cli  ", StringComparison.Ordinal)).ShouldBe(2);
        entries.ShouldContain(l => l.Contains("  user.created  cli  ", StringComparison.Ordinal));
        entries[0].ShouldContain("apikey.revoked", customMessage: "newest first");
        var one = await RunAsync(environment, work, 0, "audit", "--action", "user.created", "--limit", "1");
        one.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("user.created", StringComparison.Ordinal)).ShouldBe(1);
        one.ShouldContain("1 entry.");
    }

    [Fact]
    public async Task Users_and_audit_commands_answer_mistakes_with_one_sentence_and_exit_code_2()
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);
        await RunAsync(environment, work, 0, "users", "create", "--name", "sam");
        await RunAsync(environment, work, 0, "users", "create", "--name", "sam");

        (await RunAsync(environment, work, 2, "users", "show", "--name", "nobody")).ShouldContain("There is no user named 'nobody'");
        (await RunAsync(environment, work, 2, "users", "show", "--name", "sam")).ShouldContain("2 users are named 'sam'");
        (await RunAsync(environment, work, 2, "users", "create-key", "--name", "sam", "--label", "x")).ShouldContain("pick one with --id");
        (await RunAsync(environment, work, 2, "users", "revoke-keys", "--id", Guid.NewGuid().ToString())).ShouldContain("There is no user with id");
        (await RunAsync(environment, work, 2, "audit", "--since", "last tuesday")).ShouldContain("--since must be");
        (await RunAsync(environment, work, 2, "audit", "--limit", "0")).ShouldContain("--limit must be");
    }

    private static async Task<string> RunAsync(Dictionary<string, string?> environment, TempDirectory work, int expectedExitCode, params string[] args)
    {
        await using var process = DevBotProcess.Start(environment, work.Path, args);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        exitCode.ShouldBe(expectedExitCode, process.Output);
        process.Output.ShouldNotContain("\u001b", customMessage: "no terminal colour codes when the output is redirected");
        process.Output.ShouldNotContain("   at ", customMessage: "no stack trace");
        return process.Output;
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();
}
