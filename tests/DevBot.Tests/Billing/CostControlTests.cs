using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

/// <summary>
/// The hard limits on real builds: a build stops in <c>awaiting_credits</c> before a call that would cross its cap
/// or the user's balance, and resumes after "continue" or a top-up without asking the model anything twice.
/// </summary>
public abstract class CostControlTests
{
    // At 1 USD per million tokens each way, the stand-in's calls cost about 0.05-0.15 credits, a build about 1.
    private const decimal Price = 1m;

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task The_build_cap_pauses_before_the_call_that_would_cross_it_and_continue_resumes_without_repeating_calls()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await StartPricedAsync(llm, ("MAX_CREDITS_PER_BUILD", "0.3"));
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        var pauses = 0;
        JsonElement project;
        while (true)
        {
            project = await WaitForPauseOrEndAsync(alice, id);
            if (project.GetProperty("status").GetString() != "awaiting_credits")
            {
                break;
            }

            pauses++;
            pauses.ShouldBeLessThan(40, "every continue lets the build make progress");
            var cost = project.GetProperty("cost");
            cost.GetProperty("pausedFor").GetString().ShouldBe("build_cap");
            cost.GetProperty("spentCredits").GetDecimal().ShouldBeLessThanOrEqualTo(cost.GetProperty("capCredits").GetDecimal(),
                "the build stopped before crossing its cap");
            var requestsWhilePaused = llm.Requests.Count;
            await Task.Delay(300);
            llm.Requests.Count.ShouldBe(requestsWhilePaused, "a paused build asks the model nothing");

            var continued = await alice.Http.PostAsync($"/api/v1/projects/{id}/continue", null);
            continued.StatusCode.ShouldBe(HttpStatusCode.OK, await continued.Content.ReadAsStringAsync());
            (await continued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("capCredits").GetDecimal()
                .ShouldBe(cost.GetProperty("capCredits").GetDecimal() + 0.3m);
        }

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        pauses.ShouldBeGreaterThanOrEqualTo(2);
        var finalCost = project.GetProperty("cost");
        finalCost.GetProperty("spentCredits").GetDecimal().ShouldBeLessThanOrEqualTo(finalCost.GetProperty("capCredits").GetDecimal());
        await ShouldHaveAskedEachStepOnceAsync(host, llm, id);
        var events = await EventTypesAsync(host, id);
        events.Count(e => e == "awaiting_credits").ShouldBe(pauses);
        events.Count(e => e == "resumed").ShouldBe(pauses);
        (await alice.Http.PostAsync($"/api/v1/projects/{id}/continue", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task An_empty_balance_pauses_the_build_continue_cannot_help_and_a_grant_resumes_it_by_itself()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await StartPricedAsync(llm, ("INITIAL_CREDITS", "0.3"));
        var admin = await host.CreateUserAsync("admin", admin: true);
        var alice = await host.CreateUserAsync("alice");
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        var paused = await WaitForPauseOrEndAsync(alice, id);
        paused.GetProperty("status").GetString().ShouldBe("awaiting_credits");
        paused.GetProperty("cost").GetProperty("pausedFor").GetString().ShouldBe("balance");
        var reason = await LastEventDataAsync(host, id, "awaiting_credits");
        reason.GetProperty("reason").GetString()!.ShouldContain("Your balance is");
        var continued = await alice.Http.PostAsync($"/api/v1/projects/{id}/continue", null);
        continued.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        (await continued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("buy credits");

        var grant = await admin.Http.PostAsJsonAsync($"/api/v1/admin/users/{alice.Id}/credits", new { amount = 10, description = "top-up for the test" });
        grant.StatusCode.ShouldBe(HttpStatusCode.OK, await grant.Content.ReadAsStringAsync());
        (await grant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resumedProjects")[0].GetGuid().ShouldBe(id);

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, id, TimeSpan.FromSeconds(60), "completed", "failed", "awaiting_credits");
        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        await ShouldHaveAskedEachStepOnceAsync(host, llm, id);
        (await host.BalanceAsync(alice.Id)).ShouldBe(10.3m - project.GetProperty("cost").GetProperty("spentCredits").GetDecimal());
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_stripe_purchase_resumes_a_build_that_was_waiting_for_credits()
    {
        const string secret = "whsec_resume";
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await StartPricedAsync(llm, ("INITIAL_CREDITS", "0.3"), ("STRIPE_WEBHOOK_SECRET", secret));
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await WaitForPauseOrEndAsync(alice, id))
            .GetProperty("status").GetString().ShouldBe("awaiting_credits");

        var payload = StripeSigner.CheckoutCompleted("evt_resume", "cs_resume", alice.Id, 500m);
        using var stripe = host.CreateClient();
        (await StripeSigner.DeliverAsync(stripe, payload, StripeSigner.Header(secret, DateTimeOffset.UtcNow, payload))).EnsureSuccessStatusCode();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, id, TimeSpan.FromSeconds(60), "completed", "failed", "awaiting_credits");
        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        await ShouldHaveAskedEachStepOnceAsync(host, llm, id);
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_top_up_does_not_resume_a_build_stopped_at_its_cap_only_continue_does()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await StartPricedAsync(llm, ("MAX_CREDITS_PER_BUILD", "0.3"));
        var admin = await host.CreateUserAsync("admin", admin: true);
        var alice = await host.CreateUserAsync("alice");
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await WaitForPauseOrEndAsync(alice, id))
            .GetProperty("status").GetString().ShouldBe("awaiting_credits");

        var grant = await admin.Http.PostAsJsonAsync($"/api/v1/admin/users/{alice.Id}/credits", new { amount = 50 });

        (await grant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resumedProjects").GetArrayLength().ShouldBe(0);
        (await ProjectApi.GetAsync(alice.Http, id)).GetProperty("status").GetString().ShouldBe("awaiting_credits");
    }

    [Fact]
    public async Task Continue_answers_not_found_for_another_users_build()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await StartPricedAsync(llm, ("MAX_CREDITS_PER_BUILD", "0.1"));
        var alice = await host.CreateUserAsync("alice");
        var mallory = await host.CreateUserAsync("mallory");
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        await ProjectApi.WaitForStatusAsync(alice.Http, id, TimeSpan.FromSeconds(60), "awaiting_credits");

        (await mallory.Http.PostAsync($"/api/v1/projects/{id}/continue", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mallory.Http.GetAsync($"/api/v1/projects/{id}/cost")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ProjectApi.GetAsync(alice.Http, id)).GetProperty("status").GetString().ShouldBe("awaiting_credits");
    }

    [Fact]
    public async Task After_the_plan_the_status_shows_the_estimated_credits_of_the_whole_build_and_at_the_end_what_it_cost()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        llm.BeforeAnswer = request => request.Kind == ChatKind.Implement ? hold.Task : Task.CompletedTask;
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        var planned = await ProjectApi.WaitForStatusAsync(alice.Http, id, TimeSpan.FromSeconds(60), "implementing");
        var estimate = planned.GetProperty("cost");
        var spent = estimate.GetProperty("spentCredits").GetDecimal();
        spent.ShouldBeGreaterThan(0m, "the plan was paid for");
        estimate.GetProperty("calls").GetInt32().ShouldBe(1);
        estimate.GetProperty("estimateFromHistory").GetBoolean().ShouldBeFalse("there is no history yet");
        estimate.GetProperty("remainingCalls").GetInt32().ShouldBe(10, "3 tasks x 1.5 expected attempts x (implement + review), then the README");
        estimate.GetProperty("estimatedTotalCredits").GetDecimal().ShouldBeGreaterThan(spent);
        estimate.GetProperty("capCredits").GetDecimal().ShouldBe(50m);
        (await LastEventDataAsync(host, id, "plan_ready")).GetProperty("estimatedCredits").GetDecimal()
            .ShouldBe(estimate.GetProperty("estimatedTotalCredits").GetDecimal(), "the plan_ready event carries the same estimate (for Telegram and the CLI)");

        hold.SetResult();
        var done = await ProjectApi.WaitForStatusAsync(alice.Http, id);
        var cost = done.GetProperty("cost");
        var calls = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == id && c.Outcome == LlmCallOutcome.Succeeded).ToListAsync());
        cost.GetProperty("spentCredits").GetDecimal().ShouldBe(calls.Sum(c => c.Credits));
        cost.GetProperty("costUsd").GetDecimal().ShouldBe(calls.Sum(c => c.CostUsd));
        cost.GetProperty("promptTokens").GetInt64().ShouldBe(calls.Sum(c => (long)c.PromptTokens));
        cost.GetProperty("estimatedTotalCredits").GetDecimal().ShouldBe(cost.GetProperty("spentCredits").GetDecimal(), "nothing remains");

        // The next build's estimate comes from what the first one really took.
        llm.BeforeAnswer = request => request.Kind == ChatKind.Implement ? new TaskCompletionSource().Task.WaitAsync(TimeSpan.FromSeconds(5)) : Task.CompletedTask;
        var second = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        var secondPlanned = await ProjectApi.WaitForStatusAsync(alice.Http, second, TimeSpan.FromSeconds(60), "implementing");
        secondPlanned.GetProperty("cost").GetProperty("estimateFromHistory").GetBoolean().ShouldBeTrue();
        var fromService = await host.InScopeAsync(s => s.GetRequiredService<DevBot.Billing.CostControl.BuildCostEstimator>()
            .EstimatePlannedBuildAsync(second, 3, CancellationToken.None));
        fromService.ShouldBe(secondPlanned.GetProperty("cost").GetProperty("estimatedTotalCredits").GetDecimal());
    }

    private async Task<DevBotTestHost> StartPricedAsync(FakeOpenAiServer llm, params (string Key, string? Value)[] settings)
    {
        var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), BillingTestHost.Metered(settings));
        await host.PriceAsync(BillingTestHost.Model, Price, Price);
        return host;
    }

    private static Task<JsonElement> WaitForPauseOrEndAsync(ApiUser user, Guid projectId) =>
        ProjectApi.WaitForStatusAsync(user.Http, projectId, TimeSpan.FromSeconds(60), "awaiting_credits", "completed", "failed");

    /// <summary>Every request the model received produced exactly one stored answer: nothing was asked twice.</summary>
    private static async Task ShouldHaveAskedEachStepOnceAsync(DevBotTestHost host, FakeOpenAiServer llm, Guid projectId)
    {
        var stored = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded).Select(c => c.CallKey).ToListAsync());
        stored.ShouldBeUnique();
        stored.Count.ShouldBe(llm.Requests.Count);
    }

    private static Task<List<string>> EventTypesAsync(DevBotTestHost host, Guid projectId) =>
        host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());

    private static async Task<JsonElement> LastEventDataAsync(DevBotTestHost host, Guid projectId, string type)
    {
        var data = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId && e.Type == type).OrderByDescending(e => e.Id).Select(e => e.Data).FirstAsync());
        return JsonDocument.Parse(data).RootElement.Clone();
    }
}

public sealed class SqliteCostControlTests : CostControlTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresCostControlTests(PostgresServer postgres) : CostControlTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
