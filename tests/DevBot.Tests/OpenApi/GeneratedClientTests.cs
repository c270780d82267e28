using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.OpenApi;

/// <summary>
/// A client generated from the document the real host serves works: openapi-typescript turns /openapi/v1.json
/// into types, tsc checks a small program written against them (every path, parameter and body), and the program,
/// through openapi-fetch, makes an API key of its own, submits a build to the real worker (the scripted model plays
/// the LLM), polls it until it is done and downloads the ZIP.
/// </summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task A_typescript_client_generated_from_the_served_document_makes_a_key_builds_a_project_and_downloads_its_archive()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var tools = await OpenApiTools.FolderAsync(timeout.Token);
        using var work = new TempDirectory();
        foreach (var source in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "tests", "DevBot.Tests", "OpenApi", "Client")))
        {
            File.Copy(source, Path.Combine(work.Path, Path.GetFileName(source)));
        }

        Directory.CreateSymbolicLink(Path.Combine(work.Path, "node_modules"), Path.Combine(tools, "node_modules"));
        var bin = Path.Combine(tools, "node_modules", ".bin");

        (await ProcessRunner.RunAsync(Path.Combine(bin, "openapi-typescript"), [$"{host.BaseAddress}openapi/v1.json", "--output", "schema.d.ts"], work.Path, timeout.Token))
            .EnsureSuccess("openapi-typescript");
        (await ProcessRunner.RunAsync(Path.Combine(bin, "tsc"), ["--project", "tsconfig.json"], work.Path, timeout.Token))
            .EnsureSuccess("tsc over the generated types");
        var archivePath = Path.Combine(work.Path, "archive.zip");
        var run = (await ProcessRunner.RunAsync("env",
            [$"DEVBOT_URL={host.BaseAddress.AbsoluteUri.TrimEnd('/')}", $"DEVBOT_API_KEY={alice.ApiKey}", $"ARCHIVE_PATH={archivePath}", "node", Path.Combine("out", "build-project.js")],
            work.Path, timeout.Token)).EnsureSuccess("the program using the generated client");

        var outcome = JsonDocument.Parse(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(line => line.StartsWith('{'))).RootElement;
        outcome.GetProperty("acceptedStatus").GetString().ShouldBe("queued");
        outcome.GetProperty("status").GetString().ShouldBe("completed", run.Output);
        outcome.GetProperty("archiveType").GetString().ShouldBe("application/zip");
        outcome.GetProperty("missingStatus").GetInt32().ShouldBe(404);
        outcome.GetProperty("missingTitle").GetString().ShouldBe("Not found");

        var projectId = outcome.GetProperty("projectId").GetGuid();
        var files = outcome.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        files.ShouldNotBeEmpty();
        using (var zip = ZipFile.OpenRead(archivePath))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            entries.ShouldContain("README.md");
            files.ShouldBeSubsetOf(entries);
            new FileInfo(archivePath).Length.ShouldBe(outcome.GetProperty("archiveBytes").GetInt64());
        }

        // The key the program made, and built with, is alice's.
        outcome.GetProperty("userId").GetGuid().ShouldBe(alice.Id);
        var keys = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/keys", timeout.Token);
        var made = keys.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == outcome.GetProperty("keyId").GetGuid());
        made.GetProperty("label").GetString().ShouldBe("generated-client");
        (await ProjectApi.GetAsync(alice.Http, projectId)).GetProperty("status").GetString().ShouldBe("completed");
    }
}
