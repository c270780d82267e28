using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Projects;

public sealed class ProjectApiTests
{
    private const string Projects = "/api/v1/projects";

    /// <summary>The API alone: nothing builds, so projects stay queued; the LLM address is closed.</summary>
    private static Task<DevBotTestHost> StartApiOnlyAsync() => DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient http, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await http.PostAsync(Projects, content);
    }

    [Fact]
    public async Task Requests_without_an_api_key_are_refused_with_401_problem_details()
    {
        await using var host = await StartApiOnlyAsync();
        using var anonymous = host.CreateClient();
        var id = Guid.NewGuid();

        foreach (var response in new[]
        {
            await anonymous.PostAsJsonAsync(Projects, new { description = "A todo app" }),
            await anonymous.GetAsync(Projects),
            await anonymous.GetAsync($"{Projects}/{id}"),
            await anonymous.GetAsync($"{Projects}/{id}/events"),
        })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        }
    }

    [Theory]
    [InlineData("Bearer", "dbk_this-key-was-never-issued")]
    [InlineData("Bearer", "x")]
    [InlineData("Basic", "YWxpY2U6c2VjcmV0")]
    public async Task Requests_with_a_wrong_api_key_are_refused_with_401_problem_details(string scheme, string key)
    {
        await using var host = await StartApiOnlyAsync();
        await host.CreateUserAsync();
        using var stranger = host.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, key);

        await (await stranger.PostAsJsonAsync(Projects, new { description = "A todo app" })).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await stranger.GetAsync(Projects)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Empty_whitespace_only_and_over_long_descriptions_are_refused_with_400_problem_details_and_nothing_is_queued()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();

        foreach (var body in new object[]
        {
            new { description = "" },
            new { description = " \n\t  " },
            new { description = new string('x', ProjectLimits.MaxDescriptionLength + 1) },
            new { title = "No description at all" },
            new { description = "A todo app", title = new string('t', ProjectLimits.MaxTitleLength + 1) },
        })
        {
            var problem = await (await alice.Http.PostAsJsonAsync(Projects, body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        }

        (await alice.Http.GetFromJsonAsync<JsonElement>(Projects)).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_description_of_exactly_the_maximum_length_is_accepted()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();

        var response = await alice.Http.PostAsJsonAsync(Projects, new { description = new string('x', ProjectLimits.MaxDescriptionLength) });

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"description\": \"A todo app\"")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("[\"A todo app\"]")]
    [InlineData("{\"description\": 42}")]
    public async Task Malformed_json_bodies_are_refused_with_400_problem_details(string body)
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();

        await (await PostRawAsync(alice.Http, body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (await alice.Http.GetFromJsonAsync<JsonElement>(Projects)).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Submitting_answers_202_with_the_ids_the_queued_status_and_the_queue_position()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();

        var response = await alice.Http.PostAsJsonAsync(Projects, new { description = "A todo app with a REST API", title = "Todo" });
        var second = await ProjectApi.SubmitAsync(alice.Http, "A second project");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        accepted.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["id", "jobId", "queuePosition", "status"]);
        accepted.GetProperty("status").GetString().ShouldBe("queued");
        accepted.GetProperty("jobId").GetGuid().ShouldNotBe(Guid.Empty);
        accepted.GetProperty("queuePosition").GetInt32().ShouldBe(1);
        second.GetProperty("queuePosition").GetInt32().ShouldBe(2);
        response.Headers.Location!.ToString().ShouldBe($"{Projects}/{accepted.Id()}");

        var project = await ProjectApi.GetAsync(alice.Http, accepted.Id());
        project.GetProperty("title").GetString().ShouldBe("Todo");
        project.GetProperty("description").GetString().ShouldBe("A todo app with a REST API");
        project.GetProperty("status").GetString().ShouldBe("queued");
        project.GetProperty("queuePosition").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Project_details_carry_the_documented_fields()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();
        var accepted = await ProjectApi.SubmitAsync(alice.Http, "  A todo app\nwith a REST API  ");

        var project = await ProjectApi.GetAsync(alice.Http, accepted.Id());

        var fields = project.EnumerateObject().Select(p => p.Name).ToList();
        new[] { "id", "title", "description", "status", "plan", "files", "error", "createdAt", "updatedAt" }.ShouldBeSubsetOf(fields);
        project.GetProperty("id").GetGuid().ShouldBe(accepted.Id());
        project.GetProperty("title").GetString().ShouldBe("A todo app", "without a title the first line stands in until the plan names the project");
        project.GetProperty("description").GetString().ShouldBe("A todo app\nwith a REST API");
        project.GetProperty("plan").GetArrayLength().ShouldBe(0);
        project.GetProperty("files").GetArrayLength().ShouldBe(0);
        project.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_project_list_holds_only_the_callers_projects_newest_first()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var first = await ProjectApi.SubmitAsync(alice.Http, "First");
        var bobs = await ProjectApi.SubmitAsync(bob.Http, "Bob's");
        var second = await ProjectApi.SubmitAsync(alice.Http, "Second");
        var third = await ProjectApi.SubmitAsync(alice.Http, "Third");

        var list = await alice.Http.GetFromJsonAsync<JsonElement>(Projects);

        list.GetProperty("items").EnumerateArray().Select(p => p.Id()).ShouldBe([third.Id(), second.Id(), first.Id()]);
        list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("title").GetString()).ShouldBe(["Third", "Second", "First"]);
        list.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null, "one page holds them all");
        (await bob.Http.GetFromJsonAsync<JsonElement>(Projects)).GetProperty("items").EnumerateArray().Select(p => p.Id()).ShouldBe([bobs.Id()]);
    }

    [Fact]
    public async Task Another_users_project_answers_404_exactly_like_an_unknown_id()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var alicesProject = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        var unknown = Guid.CreateVersion7();

        foreach (var (method, suffix) in new[] { ("GET", ""), ("GET", "/files/README.md"), ("GET", "/archive"), ("POST", "/cancel"), ("GET", "/events") })
        {
            var forOthers = await ProblemOfAsync(bob.Http, method, $"{Projects}/{alicesProject}{suffix}");
            var forUnknown = await ProblemOfAsync(bob.Http, method, $"{Projects}/{unknown}{suffix}");

            forOthers.ShouldBe(forUnknown, $"{method} {suffix}");
        }

        var project = await ProjectApi.GetAsync(alice.Http, alicesProject);
        project.GetProperty("status").GetString().ShouldBe("queued", "bob's cancel must not have touched alice's project");
    }

    /// <summary>The parts of a 404 a client can see, without the per-request trace id.</summary>
    private static async Task<string> ProblemOfAsync(HttpClient http, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await http.SendAsync(request);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        return string.Join(" | ", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
    }

    [Fact]
    public async Task Cancelling_a_queued_project_cancels_it_at_once_and_a_second_cancel_is_a_conflict()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        var cancel = await alice.Http.PostAsync($"{Projects}/{id}/cancel", null);

        cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("cancelled");
        var project = await ProjectApi.GetAsync(alice.Http, id);
        project.GetProperty("status").GetString().ShouldBe("cancelled");
        project.GetProperty("queuePosition").ValueKind.ShouldBe(JsonValueKind.Null);

        await (await alice.Http.PostAsync($"{Projects}/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await alice.Http.GetAsync($"{Projects}/{id}/archive")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_cancelled_project_leaves_the_queue_so_the_next_one_moves_up()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();
        var first = (await ProjectApi.SubmitAsync(alice.Http, "First")).Id();
        var second = (await ProjectApi.SubmitAsync(alice.Http, "Second")).Id();

        (await alice.Http.PostAsync($"{Projects}/{first}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await ProjectApi.GetAsync(alice.Http, second)).GetProperty("queuePosition").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task File_paths_that_leave_the_project_answer_400_or_404_and_never_content()
    {
        await using var host = await StartApiOnlyAsync();
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        const string secret = "SECRET-CONTENT-OF-THE-PROJECT";
        await SeedFileAsync(host, id, "src/app.py", secret);

        (await alice.Http.GetStringAsync($"{Projects}/{id}/files/src/app.py")).ShouldBe(secret, "the file itself is served, so the refusals below mean something");

        foreach (var path in new[]
        {
            "..%2F..%2F..%2Fetc%2Fpasswd",
            "%2E%2E/%2E%2E/%2E%2E/etc/passwd",
            "src%2F..%2F..%2Fsrc%2Fapp.py",
            "src/..%2F..%2Fsrc/app.py",
            "..%5C..%5Cetc%5Cpasswd",
            "%2Fetc%2Fpasswd",
            "%2Fsrc%2Fapp.py",
            "C:%5Csrc%5Capp.py",
            "src%00/app.py",
            ".git/config",
            "~/src/app.py",
            "src/app.py%3A%3A%24DATA",
        })
        {
            using var response = await alice.Http.GetAsync($"{Projects}/{id}/files/{path}");
            var text = await response.Content.ReadAsStringAsync();

            response.StatusCode.ShouldBeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.NotFound], $"{path}: {text}");
            text.ShouldNotContain(secret, Case.Sensitive, path);
            text.ShouldNotContain("root:", Case.Sensitive, path);
        }
    }

    private static async Task SeedFileAsync(DevBotTestHost host, Guid projectId, string path, string content)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        db.Set<ProjectFile>().Add(new ProjectFile { ProjectId = projectId, Path = path, Content = content, Size = content.Length, Sha256 = "-", UpdatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_archive_answers_404_until_the_build_has_completed_then_the_zip()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        var planRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releasePlan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        llm.BeforeAnswer = async request =>
        {
            if (request.Kind == ChatKind.Plan)
            {
                planRequested.TrySetResult();
                await releasePlan.Task;
            }
        };
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        try
        {
            await planRequested.Task.WaitAsync(TimeSpan.FromSeconds(30));
            (await ProjectApi.GetAsync(alice.Http, id)).GetProperty("status").GetString().ShouldBe("planning");
            var notReady = await (await alice.Http.GetAsync($"{Projects}/{id}/archive")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            notReady.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("planning");
        }
        finally
        {
            releasePlan.TrySetResult();
        }

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        project.GetProperty("archiveReady").GetBoolean().ShouldBeTrue();
        using var archive = await alice.Http.GetAsync($"{Projects}/{id}/archive");
        archive.StatusCode.ShouldBe(HttpStatusCode.OK);
        archive.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        archive.Content.Headers.ContentDisposition!.FileName.ShouldBe("temperature-converter.zip");
        using var zip = new ZipArchive(await archive.Content.ReadAsStreamAsync());
        zip.Entries.Select(e => e.FullName).ShouldContain("README.md");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_project_endpoints()
    {
        await using var host = await StartApiOnlyAsync();
        using var anonymous = host.CreateClient();

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        document.GetProperty("openapi").GetString().ShouldStartWith("3.");
        var paths = document.GetProperty("paths");
        // Other features (billing) add their own paths; the project endpoints must all be there.
        string[] projectPaths =
        [
            "/api/v1/projects",
            "/api/v1/projects/{id}",
            "/api/v1/projects/{id}/files/{path}",
            "/api/v1/projects/{id}/archive",
            "/api/v1/projects/{id}/cancel",
            "/api/v1/projects/{id}/events",
        ];
        projectPaths.ShouldBeSubsetOf(paths.EnumerateObject().Select(p => p.Name));
        paths.GetProperty("/api/v1/projects").TryGetProperty("post", out _).ShouldBeTrue();
        paths.GetProperty("/api/v1/projects").TryGetProperty("get", out _).ShouldBeTrue();
        paths.GetProperty("/api/v1/projects/{id}/cancel").TryGetProperty("post", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Liveness_answers_200_without_authentication_even_with_no_llm_reachable()
    {
        await using var host = await StartApiOnlyAsync();
        using var anonymous = host.CreateClient();

        var response = await anonymous.GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Readiness_reports_the_llm_unavailable_with_the_reason_when_nothing_listens_at_llm_base_url()
    {
        await using var host = await StartApiOnlyAsync();
        using var anonymous = host.CreateClient();

        var response = await anonymous.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, "a missing model degrades the service; the API still takes requests");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("status").GetString().ShouldBe("Degraded");
        var checks = report.GetProperty("checks");
        checks.GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("queue").GetProperty("status").GetString().ShouldBe("Healthy");
        var llm = checks.GetProperty("llm");
        llm.GetProperty("status").GetString().ShouldBe("Degraded");
        llm.GetProperty("description").GetString().ShouldNotBeNull().ShouldSatisfyAllConditions(
            d => d.ShouldStartWith("unavailable"),
            d => d.ShouldContain("LLM_BASE_URL"));
    }

    [Fact]
    public async Task Readiness_reports_everything_healthy_when_the_llm_answers()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, runWorkers: false);
        using var anonymous = host.CreateClient();

        var response = await anonymous.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("status").GetString().ShouldBe("Healthy", report.ToString());
        report.GetProperty("checks").EnumerateObject().Select(c => c.Name).ShouldBe(["database", "queue", "llm", "storage", "pricing"], ignoreOrder: true);
        report.GetProperty("checks").EnumerateObject().ShouldAllBe(c => c.Value.GetProperty("status").GetString() == "Healthy");
    }
}
