using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Projects.Versions;

/// <summary>Build → change → diff → restore over HTTP, with the git history of the ZIP read back by git itself; per database.</summary>
public abstract class VersionsEndToEndTests
{
    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task A_change_becomes_version_2_with_its_diff_and_a_restore_of_version_1_becomes_version_3()
    {
        var planHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Later = KelvinChange.Answer });
        llm.BeforeAnswer = request => request.Version > 1 && request.Kind == ChatKind.Plan ? planHeld.Task : Task.CompletedTask;
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        var built = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        built.GetProperty("status").GetString().ShouldBe("completed", built.ToString());
        built.GetProperty("version").GetInt32().ShouldBe(1);

        var accepted = await ChangeAsync(alice.Http, id, KelvinChange.Instruction);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var change = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        change.GetProperty("projectId").GetGuid().ShouldBe(id);
        change.GetProperty("version").GetInt32().ShouldBe(2);
        change.GetProperty("status").GetString().ShouldBe("queued");
        change.GetProperty("queuePosition").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        change.GetProperty("jobId").GetGuid().ShouldNotBe(Guid.Empty);

        // The change's plan call is held, so the change is certainly queued or running now.
        var second = await ChangeAsync(alice.Http, id, "Also add Rankine.");
        (await second.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("queued or running");
        planHeld.SetResult();

        var changed = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        changed.GetProperty("status").GetString().ShouldBe("completed", changed.ToString());
        changed.GetProperty("version").GetInt32().ShouldBe(2);
        var plan = changed.GetProperty("plan").EnumerateArray().ToList();
        plan.Select(t => t.GetProperty("title").GetString()).ShouldBe(["Kelvin conversion", "Kelvin test"]);
        plan[1].GetProperty("attempts").GetInt32().ShouldBe(2, "the ambiguous block was refused and asked again alone");
        (await alice.Http.GetStringAsync($"/api/v1/projects/{id}/files/converter.py")).ShouldBe(KelvinChange.Converter, "exact block");
        var cli = await alice.Http.GetStringAsync($"/api/v1/projects/{id}/files/cli.py");
        cli.ShouldContain(KelvinChange.KelvinBranch, Case.Sensitive, "the dedented block matched and its replacement was re-indented");
        cli.ShouldContain("from converter import celsius_to_fahrenheit, celsius_to_kelvin, fahrenheit_to_celsius\n", Case.Sensitive);
        var tests = await alice.Http.GetStringAsync($"/api/v1/projects/{id}/files/tests/test_converter.py");
        tests.ShouldContain("    def test_kelvin(self):\n        self.assertEqual(celsius_to_kelvin(0), 273.15)\n", Case.Sensitive);
        tests.ShouldContain("celsius_to_kelvin, fahrenheit_to_celsius\n", Case.Sensitive, "the good block of the refused answer stayed applied");
        tests.ShouldNotContain("assertAlmostEqual");
        changed.GetProperty("verification").GetProperty("status").GetString().ShouldBe("passed", changed.ToString());

        // The change's delivery names what the change cost, not what the project has cost in all.
        var (completed, versionTwo, all) = await host.InScopeAsync(async services =>
        {
            var events = await services.GetRequiredService<ProjectEventLog>().ReadAsync(id, 0, 1000, CancellationToken.None);
            var calls = await services.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
                .Where(c => c.ProjectId == id && c.Outcome == LlmCallOutcome.Succeeded).ToListAsync();
            var ofVersionTwo = calls.Where(c => c.CallKey.StartsWith("v2/", StringComparison.Ordinal)).ToList();
            return (events.Select(e => e.Event).OfType<BuildCompleted>().Single(e => e.Version == 2),
                (Tokens: ofVersionTwo.Sum(c => (long)c.PromptTokens), Credits: ofVersionTwo.Sum(c => c.Credits)),
                calls.Sum(c => (long)c.PromptTokens));
        });
        completed.PromptTokens.ShouldBe(versionTwo.Tokens);
        completed.Credits.ShouldBe(versionTwo.Credits);
        completed.PromptTokens.ShouldBeGreaterThan(0);
        completed.PromptTokens.ShouldBeLessThan(all, "the first build's calls are not the change's");

        var diff = await alice.Http.GetAsync($"/api/v1/projects/{id}/versions/2/diff");
        diff.StatusCode.ShouldBe(HttpStatusCode.OK);
        diff.Content.Headers.ContentType!.MediaType.ShouldBe("text/x-diff");
        var patch = await diff.Content.ReadAsStringAsync();
        patch.ShouldContain("--- a/converter.py\n+++ b/converter.py\n");
        patch.ShouldContain("+def celsius_to_kelvin(c):\n");
        patch.ShouldContain("+    def test_kelvin(self):\n");

        var restore = await alice.Http.PostAsync($"/api/v1/projects/{id}/versions/1/restore", null);
        restore.StatusCode.ShouldBe(HttpStatusCode.Accepted, await restore.Content.ReadAsStringAsync());
        (await restore.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(3);
        var restored = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        restored.GetProperty("status").GetString().ShouldBe("completed", restored.ToString());
        restored.GetProperty("version").GetInt32().ShouldBe(3);
        (await alice.Http.GetStringAsync($"/api/v1/projects/{id}/files/converter.py")).ShouldBe(ScriptedModel.Converter);
        (await alice.Http.GetStringAsync($"/api/v1/projects/{id}/versions/3/diff")).ShouldContain("-def celsius_to_kelvin(c):\n");

        var versions = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/versions");
        versions.EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("kind").GetString(), v.GetProperty("status").GetString()))
            .ShouldBe([(1, "build", "completed"), (2, "change", "completed"), (3, "restore", "completed")]);
        versions[1].GetProperty("instruction").GetString().ShouldBe(KelvinChange.Instruction);
        versions[1].GetProperty("filesChanged").GetInt32().ShouldBeGreaterThanOrEqualTo(3);

        // Every version stays downloadable, and each ZIP is a git repository whose work tree is its last commit.
        (await ReadEntryAsync(alice.Http, id, "converter.py", version: 2)).ShouldBe(KelvinChange.Converter);
        (await ReadEntryAsync(alice.Http, id, "converter.py", version: 1)).ShouldBe(ScriptedModel.Converter);
        (await ReadEntryAsync(alice.Http, id, "converter.py", version: null)).ShouldBe(ScriptedModel.Converter);
        (await alice.Http.GetAsync($"/api/v1/projects/{id}/archive?version=9")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var unpacked = new TempDirectory();
        await using (var zip = await alice.Http.GetStreamAsync($"/api/v1/projects/{id}/archive"))
        {
            await ZipFile.ExtractToDirectoryAsync(zip, unpacked.Path);
        }

        var log = await GitAsync(unpacked.Path, "log", "--format=%an <%ae>|%s");
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')[1]).ShouldBe(
        [
            "Restore version 1", "Update README.md and PLAN.md", "Kelvin test", "Kelvin conversion",
            "Write README.md and PLAN.md", "Tests", "Command line interface", "Conversion functions",
        ]);
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(l => l.StartsWith("DevBot <", StringComparison.Ordinal));
        (await GitAsync(unpacked.Path, "status", "--porcelain")).ShouldBeEmpty("the work tree equals the last commit");
        (await GitAsync(unpacked.Path, "log", "-1", "--format=%b", "HEAD~5")).ShouldContain("Approved", Case.Sensitive, "a task's commit body has its verdict");
    }

    [Fact]
    public async Task A_change_of_an_unknown_or_foreign_project_is_404_and_a_bad_instruction_is_400()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync());
        var alice = await host.CreateUserAsync();
        var bob = await host.CreateUserAsync("bob");
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        await ProjectApi.WaitForStatusAsync(alice.Http, id);

        (await ChangeAsync(bob.Http, id, "Add Kelvin.")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ChangeAsync(alice.Http, Guid.NewGuid(), "Add Kelvin.")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ChangeAsync(alice.Http, id, "   ")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ChangeAsync(alice.Http, id, new string('x', 9000))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await alice.Http.PostAsJsonAsync($"/api/v1/projects/{id}/changes", new { instruction = "Add Kelvin.", paths = new[] { "nope.py" } }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await alice.Http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/versions")).GetArrayLength().ShouldBe(1, "nothing was queued");
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient http, Guid id, string instruction) =>
        http.PostAsJsonAsync($"/api/v1/projects/{id}/changes", new { instruction });

    private static async Task<string> ReadEntryAsync(HttpClient http, Guid id, string path, int? version)
    {
        var bytes = await http.GetByteArrayAsync($"/api/v1/projects/{id}/archive" + (version is { } v ? $"?version={v}" : string.Empty));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        zip.Entries.ShouldContain(e => e.FullName == ".git/HEAD");
        using var reader = new StreamReader(zip.GetEntry(path)!.Open());
        return await reader.ReadToEndAsync();
    }

    /// <summary>Runs git on the unpacked ZIP with no configuration of this machine's (no global, no system file).</summary>
    private static async Task<string> GitAsync(string folder, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/env",
            ["GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "HOME=" + folder, "git", "-c", "safe.directory=*", "-C", folder, .. arguments]);
        result.EnsureSuccess("git " + string.Join(' ', arguments));
        return result.Output.Trim();
    }
}

public sealed class SqliteVersionsEndToEndTests : VersionsEndToEndTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresVersionsEndToEndTests(PostgresServer postgres) : VersionsEndToEndTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
