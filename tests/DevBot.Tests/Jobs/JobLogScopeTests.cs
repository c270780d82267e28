using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Jobs;

/// <summary>
/// JSON console logs (<c>Logging__Console__FormatterName=json</c>) from the built binary's hosts, and the ids every
/// line of a build carries in its scope.
/// </summary>
public sealed partial class JobLogScopeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Every_log_line_a_build_writes_is_json_and_carries_its_job_project_and_user_ids()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        using var work = new TempDirectory();
        var environment = JsonLogging(DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null));
        Guid userId;
        string key;
        await using (var create = DevBotProcess.Start(environment, work.Path, "users", "create", "--name", "bob"))
        {
            (await create.WaitForExitAsync(Timeout)).ShouldBe(0, create.Output);
            userId = Guid.Parse(CreatedUser().Match(create.StandardOutput).Groups["id"].Value);
            key = create.StandardOutput.TrimEnd().Split('\n')[^1].Trim();
        }

        await using var serve = DevBotProcess.Start(environment, work.Path, "serve", "--urls", "http://127.0.0.1:0");
        var address = await ListeningAddressAsync(serve);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var projectId = (await ProjectApi.SubmitAsync(http)).Id();
        (await ProjectApi.WaitForStatusAsync(http, projectId)).GetProperty("status").GetString().ShouldBe("completed");
        await serve.StopAsync(Timeout);

        var lines = serve.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseJson).ToList();
        var buildLines = lines.Where(l => IsBuildCategory(l.GetProperty("Category").GetString()!)
            || l.GetProperty("Message").GetString()!.StartsWith("Running build job", StringComparison.Ordinal)).ToList();
        buildLines.ShouldNotBeEmpty(serve.StandardOutput);
        buildLines.ShouldContain(l => l.GetProperty("Category").GetString() == "DevBot.Pipeline.BuildPipeline", "the pipeline logged its completed build");
        foreach (var line in buildLines)
        {
            var scope = line.GetProperty("Scopes").EnumerateArray().SingleOrDefault(s => s.TryGetProperty("JobId", out _));
            scope.ValueKind.ShouldBe(JsonValueKind.Object, $"no job scope on: {line}");
            scope.GetProperty("ProjectId").GetString().ShouldBe(projectId.ToString());
            scope.GetProperty("UserId").GetString().ShouldBe(userId.ToString());
            Guid.TryParse(scope.GetProperty("JobId").GetString(), out _).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task The_worker_host_writes_json_logs_too()
    {
        using var work = new TempDirectory();
        var environment = JsonLogging(DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null));

        await using var worker = DevBotProcess.Start(environment, work.Path, "worker");
        await worker.WaitForOutputAsync("\"Category\":\"DevBot.Jobs.JobWorker\"", Timeout);
        await worker.StopAsync(Timeout);

        var lines = worker.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldNotBeEmpty();
        lines.Select(ParseJson).ShouldAllBe(l => l.GetProperty("LogLevel").ValueKind == JsonValueKind.String);
    }

    private static bool IsBuildCategory(string category) =>
        category.StartsWith("DevBot.Pipeline", StringComparison.Ordinal)
        || category.StartsWith("DevBot.Llm", StringComparison.Ordinal)
        || category.StartsWith("DevBot.Agents", StringComparison.Ordinal)
        || category.StartsWith("DevBot.Verification", StringComparison.Ordinal)
        || category.StartsWith("DevBot.Sandbox.SandboxSession", StringComparison.Ordinal);

    private static Dictionary<string, string?> JsonLogging(Dictionary<string, string?> environment)
    {
        environment["Logging:Console:FormatterName"] = "json";
        environment["Logging:Console:FormatterOptions:IncludeScopes"] = "true";
        environment["Logging:LogLevel:Default"] = "Information";
        environment["Logging:LogLevel:DevBot"] = "Debug";
        return environment;
    }

    private static JsonElement ParseJson(string line)
    {
        try
        {
            return JsonDocument.Parse(line).RootElement;
        }
        catch (JsonException ex)
        {
            throw new ShouldAssertException($"Not a JSON log line ({ex.Message}): {line}");
        }
    }

    private static async Task<string> ListeningAddressAsync(DevBotProcess serve)
    {
        await serve.WaitForOutputAsync("Now listening on: ", Timeout);
        return ListeningOn().Match(serve.StandardOutput).Groups["address"].Value;
    }

    [GeneratedRegex(@"Created user bob \((?<id>[0-9a-f-]{36})\)")]
    private static partial Regex CreatedUser();

    [GeneratedRegex(@"Now listening on: (?<address>http://127\.0\.0\.1:[0-9]+)")]
    private static partial Regex ListeningOn();
}
