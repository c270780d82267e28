using System.IO.Compression;
using System.Net.Http.Headers;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using Npgsql;

namespace DevBot.Tests.Jobs;

/// <summary>
/// The scale-out shape as deployed: two API processes (no workers) and two worker processes, each its own
/// `devbot` binary with its own empty local folder, sharing one PostgreSQL database and one S3 bucket.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class MultiNodeTests(PostgresServer postgres, S3Server s3) : IClassFixture<S3Server>
{
    private const int Builds = 6;

    [Fact]
    public async Task Builds_submitted_to_one_api_survive_a_killed_worker_complete_once_and_download_from_the_other_api_with_nothing_on_local_disks()
    {
        // No rejections: the scripted reviewer's "reject once" is per server, and every build must cost the same.
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { RejectFirstReviewOf = new HashSet<int>() });
        var databaseUrl = await postgres.CreateDatabaseAsync();
        var bucket = await s3.CreateBucketAsync();
        using var work = new TempDirectory();
        var folders = new List<string>();

        Dictionary<string, string?> Environment(string name, int workers)
        {
            var folder = Path.Combine(work.Path, name);
            Directory.CreateDirectory(folder);
            folders.Add(folder);
            var environment = DevBotTestHost.BaseSettings(Path.Combine(folder, "data"), llm.BaseUrl, databaseUrl);
            foreach (var (key, value) in s3.Settings(bucket))
            {
                environment[key] = value;
            }

            environment["WORKER_CONCURRENCY"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["JOB_LEASE_SECONDS"] = "3";
            environment["Logging:LogLevel:DevBot.Jobs"] = "Information";
            return environment;
        }

        var (firstPort, secondPort) = (FreeTcpPort.Next(), FreeTcpPort.Next());
        var secondEnvironment = Environment("api-2", workers: 0);
        secondEnvironment["STORAGE_REDIRECT_BYTES"] = "0";
        await using var firstApi = DevBotProcess.Start(Environment("api-1", workers: 0), folders[^1], "serve", "--urls", $"http://127.0.0.1:{firstPort}");
        await using var secondApi = DevBotProcess.Start(secondEnvironment, folders[^1], "serve", "--urls", $"http://127.0.0.1:{secondPort}");
        await using var victim = DevBotProcess.Start(Environment("worker-1", workers: 2), folders[^1], "worker");
        await using var survivor = DevBotProcess.Start(Environment("worker-2", workers: 2), folders[^1], "worker");
        // The user is created while the servers start (every process migrates under the same advisory lock).
        var apiKey = await CreateUserAsync(Environment("cli", workers: 0), folders[^1]);
        using var first = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{firstPort}") };
        using var second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{secondPort}") };
        await WaitUntilAsync(async () => await AnswersAsync(first) && await AnswersAsync(second)
            && victim.Output.Contains("Worker", StringComparison.Ordinal) && survivor.Output.Contains("Worker", StringComparison.Ordinal),
            () => firstApi.Output + secondApi.Output + victim.Output + survivor.Output);
        foreach (var client in new[] { first, second })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        // Every model request after the first few is held, so both workers are mid-build when one is killed.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        llm.BeforeAnswer = async request =>
        {
            if (llm.Requests.Count > Builds)
            {
                Interlocked.Increment(ref held);
                await release.Task;
            }
        };
        var projects = new List<Guid>();
        for (var i = 0; i < Builds; i++)
        {
            projects.Add((await ProjectApi.SubmitAsync(first, $"Build number {i}: a command line temperature converter in Python, with tests.")).Id());
        }

        await WaitUntilAsync(async () => Volatile.Read(ref held) > 0 && await RunningJobsOfAsync(databaseUrl, victim.Id) > 0, () => victim.Output);
        victim.Kill();
        llm.BeforeAnswer = null;
        release.SetResult();

        foreach (var id in projects)
        {
            var project = await ProjectApi.WaitForStatusAsync(first, id, TimeSpan.FromSeconds(90));
            project.GetProperty("status").GetString().ShouldBe("completed", survivor.Output);
        }

        await using var database = new NpgsqlConnection(databaseUrl);
        await database.OpenAsync();
        (await ScalarsAsync<long>(database, "SELECT count(*) FROM llm_calls WHERE outcome = 'succeeded' GROUP BY project_id"))
            .ShouldBe(Enumerable.Repeat(8L, Builds), "per build, each call key stored once: plan, 3 implement and 3 review calls, README");
        (await ScalarsAsync<long>(database, "SELECT count(*) FROM project_events WHERE type = 'completed' GROUP BY project_id"))
            .ShouldBe(Enumerable.Repeat(1L, Builds), "each build completed exactly once");
        (await ScalarsAsync<int>(database, "SELECT max(attempts) FROM jobs")).ShouldHaveSingleItem().ShouldBeGreaterThan(1, "the killed worker's build was taken over");

        (await s3.ListAsync(bucket)).Select(o => o.Key).Order().ShouldBe(projects.Select(id => ProjectArchive.KeyFor(id)).Order(), "one archive per build");
        foreach (var id in projects)
        {
            // The second API redirects every download to a presigned URL; HttpClient follows it without the API key.
            var zip = await second.GetByteArrayAsync($"/api/v1/projects/{id}/archive");
            zip.ShouldBe(await s3.ReadAsync(bucket, ProjectArchive.KeyFor(id)));
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            archive.Entries.Select(e => e.FullName).Where(n => !n.StartsWith(".git/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ShouldBe(["PLAN.md", "README.md", "cli.py", "converter.py", "tests/test_converter.py"]);
        }

        folders.SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories)).ShouldBeEmpty("no process keeps a project or archive file locally");
    }

    private static async Task<bool> AnswersAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/health/live")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<string> CreateUserAsync(Dictionary<string, string?> environment, string folder)
    {
        await using var cli = DevBotProcess.Start(environment, folder, "users", "create", "--name", "alice");
        (await cli.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0, cli.Output);
        return cli.Output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>Running jobs whose lease is held by the worker process with this id (lease owners are host:pid:...).</summary>
    private static async Task<long> RunningJobsOfAsync(string databaseUrl, int processId)
    {
        await using var database = new NpgsqlConnection(databaseUrl);
        await database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM jobs WHERE lower(status) = 'running' AND split_part(lease_owner, ':', 2) = @pid", database);
        command.Parameters.AddWithValue("pid", processId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> ScalarsAsync<T>(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> diagnostics)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The processes did not reach the expected state. Output:\n" + diagnostics());
            }
        }
    }
}
