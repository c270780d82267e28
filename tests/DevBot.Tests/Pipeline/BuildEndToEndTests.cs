using System.IO.Compression;
using System.Net;
using System.Text.Json;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Pipeline;

/// <summary>The whole build over HTTP, run once per database the product supports.</summary>
public abstract class BuildEndToEndTests
{
    /// <summary>The DATABASE_URL for a fresh, empty database (null: the embedded SQLite default).</summary>
    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task Build_over_http_plans_implements_reviews_and_delivers_a_zip_with_the_projects_files()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();

        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        accepted.GetProperty("status").GetString().ShouldBe("queued");
        accepted.GetProperty("queuePosition").GetInt32().ShouldBeGreaterThanOrEqualTo(1);

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id());
        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        project.GetProperty("title").GetString().ShouldBe("Temperature converter");
        var plan = project.GetProperty("plan").EnumerateArray().ToList();
        plan.Count.ShouldBe(3);
        plan.ShouldAllBe(t => t.GetProperty("status").GetString() == "approved");
        plan[1].GetProperty("attempts").GetInt32().ShouldBe(2, "task 2 was rejected once, then approved");

        var archive = await alice.Http.GetAsync($"/api/v1/projects/{accepted.Id()}/archive");
        archive.StatusCode.ShouldBe(HttpStatusCode.OK);
        archive.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new ZipArchive(await archive.Content.ReadAsStreamAsync());
        zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith(".git/", StringComparison.Ordinal)).Order().ShouldBe(["PLAN.md", "README.md", "cli.py", "converter.py", "tests/test_converter.py"]);
        var cli = await new StreamReader(zip.GetEntry("cli.py")!.Open()).ReadToEndAsync();
        cli.ShouldContain("import sys  # reads argv", Case.Sensitive, "the second attempt's SEARCH/REPLACE edit was applied");
        var readme = await new StreamReader(zip.GetEntry("README.md")!.Open()).ReadToEndAsync();
        readme.ShouldStartWith("# Temperature converter");

        var file = await alice.Http.GetStringAsync($"/api/v1/projects/{accepted.Id()}/files/converter.py");
        file.ShouldContain("def celsius_to_fahrenheit");

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var calls = await db.Set<LlmCall>().Where(c => c.ProjectId == accepted.Id()).ToListAsync();
        calls.ShouldAllBe(c => c.Outcome == LlmCallOutcome.Succeeded);
        calls.Select(c => c.CallKey).ShouldBeUnique();
        calls.Count.ShouldBe(llm.Requests.Count);
        llm.Requests.ShouldAllBe(r => r.Authorization == "Bearer test-llm-key");
        llm.Requests.Where(r => r.Kind is ChatKind.Plan or ChatKind.Review).ShouldAllBe(r => r.SchemaStrict);
    }
}

public sealed class SqliteBuildEndToEndTests : BuildEndToEndTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresBuildEndToEndTests(PostgresServer postgres) : BuildEndToEndTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
