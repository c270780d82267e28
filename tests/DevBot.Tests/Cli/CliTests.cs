using System.Net;
using System.Net.Http.Headers;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public async Task Build_command_runs_the_whole_pipeline_and_writes_the_zip_and_the_unpacked_project()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        var output = Path.Combine(work.Path, "out");

        await using var build = DevBotProcess.Start(environment, work.Path, "build", "A command line temperature converter in Python, with tests.", "--out", output);
        var exitCode = await build.WaitForExitAsync(TimeSpan.FromSeconds(120));

        exitCode.ShouldBe(0, build.Output);
        build.Output.ShouldContain("Plan: Temperature converter");
        build.Output.ShouldContain("rejected: Document why sys is imported.");
        File.Exists(Path.Combine(output, "temperature-converter.zip")).ShouldBeTrue(build.Output);
        var folder = Path.Combine(output, "temperature-converter");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order().ToList();
        files.Where(f => !f.StartsWith(".git/", StringComparison.Ordinal))
            .ShouldBe(["PLAN.md", "README.md", "cli.py", "converter.py", "tests/test_converter.py"]);
        files.ShouldContain(".git/HEAD", "the unpacked project is a git repository, as the ZIP is");
    }

    [Fact]
    public async Task Build_command_exits_non_zero_with_the_reason_when_the_build_fails()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { NeverApprove = new HashSet<int> { 1 } });
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        environment["MAX_REVIEW_ATTEMPTS"] = "2";

        await using var build = DevBotProcess.Start(environment, work.Path, "build", "A converter", "--out", Path.Combine(work.Path, "out"));
        var exitCode = await build.WaitForExitAsync(TimeSpan.FromSeconds(120));

        exitCode.ShouldBe(1, build.Output);
        build.Output.ShouldContain("The CLI must validate its arguments.");
        Directory.Exists(Path.Combine(work.Path, "out")).ShouldBeFalse("nothing half-written is left behind");
    }

    [Fact]
    public async Task Build_command_stops_following_a_build_paused_for_credits_and_says_how_to_resume_it()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        environment["LLM_MODEL"] = "gpt-4.1";
        environment["ALLOW_UNPRICED_MODELS"] = "false";
        environment["MAX_CREDITS_PER_BUILD"] = "0.000001";

        await using var build = DevBotProcess.Start(environment, work.Path, "build", "A converter", "--out", Path.Combine(work.Path, "out"));
        var exitCode = await build.WaitForExitAsync(TimeSpan.FromSeconds(120));

        exitCode.ShouldBe(3, build.Output);
        build.Output.ShouldContain("paused, waiting for credits");
        llm.Requests.ShouldBeEmpty("the cap stopped the build before its first call");
    }

    [Fact]
    public async Task Build_command_refuses_an_empty_description_with_a_clear_sentence()
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);
        await using var build = DevBotProcess.Start(environment, work.Path, "build", "   ");
        (await build.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(2);
        build.Output.ShouldContain("description is empty");
    }

    [Fact]
    public async Task Users_create_prints_an_api_key_as_the_last_line_and_that_key_authenticates()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var databaseUrl = $"Data Source={Path.Combine(work.Path, "devbot.db")}";
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl);

        await using var create = DevBotProcess.Start(environment, work.Path, "users", "create", "--name", "bob", "--admin");
        (await create.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, create.Output);
        var key = create.Output.TrimEnd().Split('\n')[^1].Trim();

        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, databaseUrl, runWorkers: false);
        using var http = host.CreateClient(key);
        (await http.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key + "x");
        (await http.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Migrate_command_applies_the_schema_once_and_then_reports_it_up_to_date()
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);
        await using var first = DevBotProcess.Start(environment, work.Path, "migrate");
        (await first.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, first.Output);
        first.Output.ShouldContain("Applied");
        await using var second = DevBotProcess.Start(environment, work.Path, "migrate");
        (await second.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, second.Output);
        second.Output.ShouldContain("up to date");
    }
}
