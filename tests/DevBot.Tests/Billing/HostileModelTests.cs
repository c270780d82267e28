using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DevBot.Billing;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

/// <summary>
/// A model (or a provider in front of it) that lies or runs away: whatever it answers, no cap is crossed, nothing is
/// charged beyond what the call asked for, and what is stored is text both databases can hold. Through the real host.
/// </summary>
public abstract class HostileModelTests
{
    private const decimal Price = 1m;

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task An_answer_far_beyond_the_requested_tokens_is_not_read_stored_or_charged_and_the_build_says_why()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.TransformAnswer = (request, text) => request.Kind == ChatKind.Plan ? text + new string('x', 3 * 1024 * 1024) : text;
        llm.ReportedUsage = _ => (200, 13_100_000);
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(60));

        project.GetProperty("status").GetString().ShouldBe("failed");
        project.GetProperty("error").GetString()!.ShouldContain("larger than");
        var calls = await CallsAsync(host, project.Id());
        var violation = calls.ShouldHaveSingleItem();
        violation.Outcome.ShouldBe(LlmCallOutcome.ProtocolViolation);
        violation.Response.ShouldBeNull();
        violation.Credits.ShouldBe(0m);
        violation.Error!.Length.ShouldBeLessThanOrEqualTo(2000);
        llm.CountRequests(ChatKind.Plan).ShouldBe(1, "a protocol violation is not retried: each try would be paid to the provider");
        (await host.BalanceAsync(alice.Id)).ShouldBe(100m);
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task Usage_reported_beyond_the_request_is_charged_at_most_the_prompt_bound_plus_the_requested_tokens()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.ReportedUsage = _ => (9_000_000, 13_100_000);
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120),
            "completed", "failed", "awaiting_credits");

        var calls = await CallsAsync(host, project.Id());
        calls.ShouldNotBeEmpty();
        foreach (var call in calls.Where(c => c.Outcome == LlmCallOutcome.Succeeded))
        {
            var request = llm.Requests.Single(r => r.CallKey == call.CallKey);
            call.CompletionTokens.ShouldBeLessThanOrEqualTo(request.MaxTokens!.Value, $"{call.CallKey} asked for at most {request.MaxTokens} tokens");
            var promptBytes = request.Messages.Sum(m => Encoding.UTF8.GetByteCount(m.Content)) + Encoding.UTF8.GetByteCount(request.SchemaJson ?? "");
            call.PromptTokens.ShouldBeLessThan(promptBytes + 1000, "never more tokens than the prompt has bytes");
            call.Credits.ShouldBe(CreditMath.Charge(new ModelRate(BillingTestHost.Model, Price, Price), call.PromptTokens, call.CompletionTokens, new BillingOptions()).Credits);
        }

        var cost = project.GetProperty("cost");
        cost.GetProperty("spentCredits").GetDecimal().ShouldBeLessThanOrEqualTo(cost.GetProperty("capCredits").GetDecimal(), "the cap holds");
        (await host.BalanceAsync(alice.Id)).ShouldBeGreaterThanOrEqualTo(0m, "the balance never goes negative");
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_nul_in_a_model_answer_is_removed_before_it_is_stored_and_the_call_is_made_once()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.TransformAnswer = (request, text) => request.Kind == ChatKind.Readme ? "# Temperature\0 converter\n\nConverts\0 temperatures.\n" : text;
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        llm.CountRequests(ChatKind.Readme).ShouldBe(1, "the answer was stored the first time");
        var readme = await alice.Http.GetStringAsync($"/api/v1/projects/{project.Id()}/files/README.md");
        readme.ShouldStartWith("# Temperature converter\n\nConverts temperatures.");
        readme.ShouldNotContain('\0');
        (await CallsAsync(host, project.Id())).Single(c => c.CallKey == "readme#1").Response!.ShouldNotContain('\0');
    }

    [Fact]
    public async Task A_readme_beyond_MAX_FILE_BYTES_is_cut_in_bytes_on_a_character_boundary_the_same_on_both_databases()
    {
        // 3-byte and 4-byte characters, so a cut by characters would both overshoot the byte limit and split a pair.
        var huge = "# Temperature converter\n\n" + string.Concat(Enumerable.Repeat("Converts 温度 between °C and °F 🌡️ quickly.\n", 400));
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Readme = huge });
        await using var host = await StartPricedAsync(llm, ("MAX_FILE_BYTES", "8192"));
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id(), TimeSpan.FromSeconds(120));

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var bytes = await alice.Http.GetByteArrayAsync($"/api/v1/projects/{project.Id()}/files/README.md");
        bytes.Length.ShouldBeLessThanOrEqualTo(8192);
        var readme = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        readme.ShouldNotContain('\uFFFD');
        readme.ShouldContain("## Tests (checked by DevBot)", Case.Sensitive, "DevBot's own section survives the cut");
        project.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "README.md").GetProperty("size").GetInt64()
            .ShouldBe(bytes.Length);
    }

    [Fact]
    public async Task Pauses_for_credits_do_not_use_up_the_jobs_attempts()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await StartPricedAsync(llm, ("MAX_CREDITS_PER_BUILD", "0.5"), ("JOB_MAX_ATTEMPTS", "1"));
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        var pauses = 0;
        JsonElement project;
        while ((project = await ProjectApi.WaitForStatusAsync(alice.Http, id, TimeSpan.FromSeconds(60), "awaiting_credits", "completed", "failed"))
            .GetProperty("status").GetString() == "awaiting_credits")
        {
            pauses++;
            pauses.ShouldBeLessThan(40);
            (await alice.Http.PostAsync($"/api/v1/projects/{id}/continue", null)).EnsureSuccessStatusCode();
        }

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        pauses.ShouldBeGreaterThanOrEqualTo(2, "with JOB_MAX_ATTEMPTS=1 even the second claim would have failed the build");
    }

    private async Task<DevBotTestHost> StartPricedAsync(FakeOpenAiServer llm, params (string Key, string? Value)[] settings)
    {
        var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), BillingTestHost.Metered(settings));
        await host.PriceAsync(BillingTestHost.Model, Price, Price);
        return host;
    }

    private static Task<List<LlmCall>> CallsAsync(DevBotTestHost host, Guid projectId) =>
        host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId).OrderBy(c => c.CreatedAt).ToListAsync());
}

public sealed class SqliteHostileModelTests : HostileModelTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresHostileModelTests(PostgresServer postgres) : HostileModelTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
