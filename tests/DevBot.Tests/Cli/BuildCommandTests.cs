using DevBot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DevBot.Tests.Cli;

/// <summary><c>devbot build</c> as an operator meets it: plain output when redirected, the account it builds on, its folder, an unreachable model.</summary>
public sealed class BuildCommandTests
{
    private const string Description = "A command line temperature converter in Python, with tests.";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Output_redirected_to_files_is_plain_text_without_ansi_codes_and_ends_with_the_credits_spent_and_left()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        environment["TERM"] = "xterm-256color";
        environment["COLORTERM"] = "truecolor";

        await using var build = DevBotProcess.Start(environment, work.Path, "build", Description, "--out", Path.Combine(work.Path, "out"));
        var exitCode = await build.WaitForExitAsync(BuildTimeout);

        exitCode.ShouldBe(0, build.Output);
        build.Output.ShouldNotContain("\u001b", Case.Sensitive, "an escape character in redirected output: " + build.Output);
        build.StandardOutput.ShouldContain("Plan: Temperature converter");
        build.StandardOutput.TrimEnd().Split('\n')[^1].ShouldMatch(@"^Spent [0-9.,]+ credits \([0-9]+ tokens\); 'cli' has [0-9.,]+ credits left\.$");
    }

    [Fact]
    public async Task User_option_builds_on_that_users_account()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        await using (var create = DevBotProcess.Start(environment, work.Path, "users", "create", "--name", "bob"))
        {
            (await create.WaitForExitAsync(BuildTimeout)).ShouldBe(0, create.Output);
        }

        await using var build = DevBotProcess.Start(environment, work.Path, "build", Description, "--user", "bob", "--out", Path.Combine(work.Path, "out"));
        var exitCode = await build.WaitForExitAsync(BuildTimeout);

        exitCode.ShouldBe(0, build.Output);
        build.StandardOutput.ShouldContain("for user 'bob'");
        build.StandardOutput.ShouldContain("'bob' has");
        (await ScalarAsync(environment, "SELECT COUNT(*) FROM projects p JOIN users u ON u.id = p.user_id WHERE u.name = 'bob'")).ShouldBe(1);
        (await ScalarAsync(environment, "SELECT COUNT(*) FROM users WHERE name = 'cli'")).ShouldBe(0, "no cli user was created for a build by bob");
    }

    [Fact]
    public async Task User_option_with_an_unknown_name_is_refused_in_one_sentence_before_anything_is_queued()
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);

        await using var build = DevBotProcess.Start(environment, work.Path, "build", Description, "--user", "ghost");
        var exitCode = await build.WaitForExitAsync(BuildTimeout);

        exitCode.ShouldBe(2, build.Output);
        build.ErrorLines.ShouldHaveSingleItem().ShouldContain("There is no user named 'ghost'");
        (await ScalarAsync(environment, "SELECT COUNT(*) FROM projects")).ShouldBe(0);
    }

    [Fact]
    public async Task Out_replaces_the_unpacked_folder_so_files_of_an_earlier_build_do_not_remain()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        var output = Path.Combine(work.Path, "out");
        var folder = Path.Combine(output, "temperature-converter");
        Directory.CreateDirectory(Path.Combine(folder, "old"));
        await File.WriteAllTextAsync(Path.Combine(folder, "old", "stale.py"), "print('from an earlier build')", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "converter.py"), "stale content", TestContext.Current.CancellationToken);

        await using var build = DevBotProcess.Start(environment, work.Path, "build", Description, "--out", output);
        var exitCode = await build.WaitForExitAsync(BuildTimeout);

        exitCode.ShouldBe(0, build.Output);
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Where(f => !f.StartsWith(".git/", StringComparison.Ordinal)).Order()
            .ShouldBe(["PLAN.md", "README.md", "cli.py", "converter.py", "tests/test_converter.py"]);
        (await File.ReadAllTextAsync(Path.Combine(folder, "converter.py"), TestContext.Current.CancellationToken)).ShouldNotBe("stale content");
        Directory.EnumerateDirectories(output).Select(Path.GetFileName).ShouldBe(["temperature-converter"], "no staging folder is left behind");
    }

    [Fact]
    public async Task An_unreachable_model_ends_the_build_after_a_few_quick_tries_with_the_variable_to_set()
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), $"http://127.0.0.1:{FreeTcpPort.Next()}/v1", databaseUrl: null);
        // The product's retry delay (15 s and more), not the tests' half second: the command cancels the waiting build
        // while it waits, and on a loaded machine half a second is less than the time to notice it.
        environment["JOB_RETRY_BASE_SECONDS"] = "15";

        await using var build = DevBotProcess.Start(environment, work.Path, "build", Description);
        (await build.WaitForExitAsync(BuildTimeout)).ShouldBe(2, build.Output);

        build.ShouldBeAStartupError("LLM_BASE_URL");
        build.StandardError.ShouldContain("could not be reached");
        (await ScalarAsync(environment, "SELECT COUNT(*) FROM llm_calls WHERE outcome <> 'succeeded'")).ShouldBe(3, "one try and two quick retries");
        (await ScalarAsync(environment, "SELECT attempts FROM jobs")).ShouldBe(1, "the job was not run again");
        (await ScalarAsync(environment, "SELECT COUNT(*) FROM projects WHERE status = 'cancelled'")).ShouldBe(1);
    }

    [Fact]
    public async Task Serve_help_shows_the_asp_net_core_options_that_matter()
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);

        await using var help = DevBotProcess.Start(environment, work.Path, "serve", "--help");
        (await help.WaitForExitAsync(BuildTimeout)).ShouldBe(0, help.Output);

        help.StandardOutput.ShouldContain("--urls");
        help.StandardOutput.ShouldContain("--environment");
        help.StandardOutput.ShouldContain("ASPNETCORE_URLS");
    }

    private static async Task<long> ScalarAsync(IReadOnlyDictionary<string, string?> environment, string sql)
    {
        await using var connection = new SqliteConnection(environment["DATABASE_URL"] + ";Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
