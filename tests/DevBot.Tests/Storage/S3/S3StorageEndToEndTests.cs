using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Storage.S3;

/// <summary>The real host on SQLite with STORAGE_PROVIDER=s3 against a real S3-compatible server (s3rver).</summary>
public sealed class S3StorageEndToEndTests(S3Server s3) : IClassFixture<S3Server>
{
    [Fact]
    public async Task A_build_with_the_s3_store_delivers_its_zip_into_the_bucket_streams_it_when_small_and_writes_no_archive_locally()
    {
        var bucket = await s3.CreateBucketAsync();
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: s3.Settings(bucket));
        var alice = await host.CreateUserAsync();

        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        var project = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        var download = await alice.Http.GetAsync($"/api/v1/projects/{id}/archive");

        project.GetProperty("status").GetString().ShouldBe("completed");
        (await s3.ListAsync(bucket)).Select(o => o.Key).ShouldBe([ProjectArchive.KeyFor(id)]);
        download.StatusCode.ShouldBe(HttpStatusCode.OK, "a small archive is streamed through the API by default");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        bytes.ShouldBe(await s3.ReadAsync(bucket, ProjectArchive.KeyFor(id)));
        EntryNames(bytes).ShouldBe(["PLAN.md", "README.md", "cli.py", "converter.py", "tests/test_converter.py"]);
        Directory.Exists(Path.Combine(host.DataDirectory, "archives")).ShouldBeFalse("nothing but the SQLite file is kept on the local disk");
    }

    [Fact]
    public async Task An_archive_over_the_redirect_threshold_answers_with_a_presigned_url_that_a_plain_client_downloads()
    {
        var bucket = await s3.CreateBucketAsync();
        await using var llm = await FakeOpenAiServer.StartAsync();
        var settings = s3.Settings(bucket);
        settings["STORAGE_REDIRECT_BYTES"] = "0";
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: settings);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        await ProjectApi.WaitForStatusAsync(alice.Http, id);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        noRedirects.DefaultRequestHeaders.Authorization = alice.Http.DefaultRequestHeaders.Authorization;

        var answer = await noRedirects.GetAsync($"/api/v1/projects/{id}/archive");
        using var plain = new HttpClient();
        var download = await plain.GetAsync(answer.Headers.Location);

        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answer.Headers.Location!.GetLeftPart(UriPartial.Authority).ShouldBe(s3.Endpoint);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe(ProjectArchive.FileName("Temperature converter"));
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(await s3.ReadAsync(bucket, ProjectArchive.KeyFor(id)));
    }

    [Fact]
    public async Task Readiness_reports_the_object_store_healthy_and_then_down_naming_s3_endpoint_once_the_server_stops()
    {
        await using var own = await S3Server.StartAsync();
        var bucket = await own.CreateBucketAsync();
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: own.Settings(bucket), runWorkers: false);
        using var anonymous = host.CreateClient();

        var before = await StorageCheckAsync(anonymous);
        own.Stop();
        // The probe is cached for a few seconds: wait for the first one taken after the stop (bounded, not timed).
        var (status, after) = await WaitForAsync(anonymous, s => s.Check.GetProperty("status").GetString() == "Unhealthy");

        before.Check.GetProperty("status").GetString().ShouldBe("Healthy");
        before.Check.GetProperty("description").GetString().ShouldNotBeNull().ShouldContain(bucket);
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        after.GetProperty("description").GetString().ShouldNotBeNull().ShouldSatisfyAllConditions(
            d => d.ShouldStartWith("unavailable"),
            d => d.ShouldContain("S3_ENDPOINT"));
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_keeps_the_api_unready_with_a_message_naming_s3_bucket()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, settings: s3.Settings("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]), runWorkers: false);
        using var anonymous = host.CreateClient();

        var (status, check) = await StorageCheckAsync(anonymous);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        check.GetProperty("description").GetString().ShouldNotBeNull().ShouldContain("S3_BUCKET");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Check)> StorageCheckAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, report.GetProperty("checks").GetProperty("storage"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Check)> WaitForAsync(HttpClient client, Func<(HttpStatusCode Status, JsonElement Check), bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var state = await StorageCheckAsync(client);
            if (condition(state))
            {
                return state;
            }

            await Task.Delay(250, timeout.Token);
        }
    }

    private static List<string> EntryNames(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e => e.FullName).Where(n => !n.StartsWith(".git/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }
}
