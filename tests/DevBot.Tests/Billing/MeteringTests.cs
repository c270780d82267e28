using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Billing;
using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

/// <summary>Every model call of a real build metered through the real gateway, on each supported database.</summary>
public abstract class MeteringTests
{
    private static readonly ModelRate Rate = new(BillingTestHost.Model, 2.0m, 8.0m);

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task A_priced_build_charges_every_stored_call_exactly_once_at_its_tokens_times_the_price()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var calls = await CallsAsync(host, project.Id());
        calls.Count.ShouldBe(llm.Requests.Count);
        var transactions = await host.TransactionsAsync(alice.Id);
        var usage = transactions.Where(t => t.Kind == CreditTransactionKind.Usage).ToDictionary(t => t.LlmCallId!.Value);
        foreach (var call in calls)
        {
            var expected = CreditMath.Charge(Rate, call.PromptTokens, call.CompletionTokens, new BillingOptions());
            call.CostUsd.ShouldBe(expected.CostUsd);
            call.Credits.ShouldBe(expected.Credits);
            call.Credits.ShouldBeGreaterThan(0m);
            call.TokensEstimated.ShouldBeFalse("the stand-in reports usage");
            usage[call.Id].Amount.ShouldBe(-call.Credits);
            usage[call.Id].ProjectId.ShouldBe(project.Id());
        }

        usage.Count.ShouldBe(calls.Count);
        (await host.BalanceAsync(alice.Id)).ShouldBe(100m - calls.Sum(c => c.Credits));
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task Calls_without_provider_usage_are_charged_on_estimated_tokens_and_marked_so()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.OmitUsage = true;
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());

        project.GetProperty("status").GetString().ShouldBe("completed");
        var calls = await CallsAsync(host, project.Id());
        calls.ShouldAllBe(c => c.TokensEstimated && c.PromptTokens > 0 && c.CompletionTokens > 0);
        calls.ShouldAllBe(c => c.Credits == CreditMath.Charge(Rate, c.PromptTokens, c.CompletionTokens, new BillingOptions()).Credits);
        var usage = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/usage?limit=200");
        usage.EnumerateArray().ShouldAllBe(u => u.GetProperty("tokensEstimated").GetBoolean());
        (await host.TransactionsAsync(alice.Id)).Where(t => t.Kind == CreditTransactionKind.Usage)
            .ShouldAllBe(t => t.Description.Contains("(estimated)"));
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task Failed_calls_cost_nothing()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.Enqueue(FakeFault.ServerError(ChatKind.Plan), FakeFault.RateLimited(1, ChatKind.Plan));
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        var failed = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == project.Id() && c.Outcome == LlmCallOutcome.Failed).ToListAsync());
        failed.Count.ShouldBe(2);
        failed.ShouldAllBe(c => c.Credits == 0m && c.CostUsd == 0m);
        var charged = (await host.TransactionsAsync(alice.Id)).Where(t => t.Kind == CreditTransactionKind.Usage).Select(t => t.LlmCallId).ToList();
        charged.ShouldNotContain(id => failed.Select(f => (Guid?)f.Id).Contains(id));
        charged.Count.ShouldBe(llm.Requests.Count - 2);
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_call_to_an_unpriced_model_is_refused_before_it_is_made_with_the_fix_named()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), BillingTestHost.Metered());
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());

        project.GetProperty("status").GetString().ShouldBe("failed");
        var error = project.GetProperty("error").GetString()!;
        error.ShouldContain("'fake-model' has no price");
        error.ShouldContain("devbot pricing set --model fake-model");
        error.ShouldContain("ALLOW_UNPRICED_MODELS=true");
        llm.Requests.ShouldBeEmpty("nothing may be spent on a model nobody priced");
        (await CallsAsync(host, project.Id())).ShouldBeEmpty();
        (await host.BalanceAsync(alice.Id)).ShouldBe(100m);
    }

    [Fact]
    public async Task An_inactive_price_is_refused_like_no_price()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), BillingTestHost.Metered());
        await host.InScopeAsync(s => s.GetRequiredService<DevBot.Billing.Pricing.PriceBook>().SetAsync(
            new DevBot.Billing.Pricing.PriceChange(BillingTestHost.Model, 1m, 1m, Active: false), DevBot.Users.Actor.CommandLine, CancellationToken.None));
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());

        project.GetProperty("status").GetString().ShouldBe("failed");
        project.GetProperty("error").GetString()!.ShouldContain("has no price");
        llm.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task With_unpriced_models_allowed_calls_go_ahead_at_cost_zero_and_charge_nothing()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(),
            new Dictionary<string, string?> { ["ALLOW_UNPRICED_MODELS"] = "true" });
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());

        project.GetProperty("status").GetString().ShouldBe("completed");
        var calls = await CallsAsync(host, project.Id());
        calls.ShouldNotBeEmpty();
        calls.ShouldAllBe(c => c.Credits == 0m && c.CostUsd == 0m);
        (await host.TransactionsAsync(alice.Id)).ShouldAllBe(t => t.Kind != CreditTransactionKind.Usage);
        (await host.BalanceAsync(alice.Id)).ShouldBe(100m);
    }

    /// <summary>
    /// The worker "dies" after the model answered and both rows were written, but before the commit: neither the
    /// answer nor its charge survives, the step asks again, and that answer is charged once. Nothing is lost or
    /// paid twice.
    /// </summary>
    [Fact]
    public async Task A_crash_between_the_answer_and_its_commit_leaves_neither_and_the_retry_is_charged_once()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        var crash = new CrashBeforeChargeCommit();
        await using var host = await StartPricedAsync(llm, s => s.ConfigureDbContext<DevBotDbContext>(o => o.AddInterceptors(crash)));
        var alice = await host.CreateUserAsync();

        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        crash.Crashes.ShouldBe(1);
        var calls = await CallsAsync(host, project.Id());
        llm.Requests.Count.ShouldBe(calls.Count + 1, "the answer lost in the crash was asked again, once");
        llm.CountRequests(ChatKind.Plan).ShouldBe(2);
        var usage = (await host.TransactionsAsync(alice.Id)).Where(t => t.Kind == CreditTransactionKind.Usage).ToList();
        usage.Select(t => t.LlmCallId).ShouldBe(calls.Select(c => (Guid?)c.Id), ignoreOrder: true);
        (await host.BalanceAsync(alice.Id)).ShouldBe(100m - calls.Sum(c => c.Credits));
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task Account_and_usage_endpoints_show_the_balance_the_totals_and_each_call_with_its_project()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.Enqueue(FakeFault.ServerError(ChatKind.Plan));
        await using var host = await StartPricedAsync(llm);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var project = await ProjectApi.WaitForStatusAsync(alice.Http, (await ProjectApi.SubmitAsync(alice.Http)).Id());
        var calls = await CallsAsync(host, project.Id());

        var me = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/me");
        me.GetProperty("id").GetGuid().ShouldBe(alice.Id);
        me.GetProperty("name").GetString().ShouldBe("alice");
        me.GetProperty("balance").GetDecimal().ShouldBe(100m - calls.Sum(c => c.Credits));
        var totals = me.GetProperty("usage");
        totals.GetProperty("calls").GetInt32().ShouldBe(calls.Count);
        totals.GetProperty("failedCalls").GetInt32().ShouldBe(1);
        totals.GetProperty("promptTokens").GetInt64().ShouldBe(calls.Sum(c => (long)c.PromptTokens));
        totals.GetProperty("completionTokens").GetInt64().ShouldBe(calls.Sum(c => (long)c.CompletionTokens));
        totals.GetProperty("costUsd").GetDecimal().ShouldBe(calls.Sum(c => c.CostUsd));
        totals.GetProperty("credits").GetDecimal().ShouldBe(calls.Sum(c => c.Credits));

        var usage = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/usage?limit=200");
        usage.GetArrayLength().ShouldBe(calls.Count + 1);
        var newest = usage[0];
        newest.GetProperty("model").GetString().ShouldBe("fake-model");
        newest.GetProperty("projectId").GetGuid().ShouldBe(project.Id());
        newest.GetProperty("projectTitle").GetString().ShouldBe("Temperature converter");
        var failed = usage.EnumerateArray().Single(u => u.GetProperty("outcome").GetString() == "failed");
        failed.GetProperty("credits").GetDecimal().ShouldBe(0m);
        usage.EnumerateArray().Where(u => u.GetProperty("outcome").GetString() == "succeeded")
            .Sum(u => u.GetProperty("credits").GetDecimal()).ShouldBe(calls.Sum(c => c.Credits));
        var page = await alice.Http.GetFromJsonAsync<JsonElement>($"/api/v1/me/usage?limit=2&before={Uri.EscapeDataString(usage[1].GetProperty("createdAt").GetString()!)}");
        page[0].GetProperty("id").GetGuid().ShouldBe(usage[2].GetProperty("id").GetGuid());

        var ledger = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/transactions?limit=200");
        ledger.EnumerateArray().Sum(t => t.GetProperty("amount").GetDecimal()).ShouldBe(me.GetProperty("balance").GetDecimal());
        ledger.EnumerateArray().Last().GetProperty("kind").GetString().ShouldBe("grant");

        var bobsView = await bob.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/usage");
        bobsView.GetArrayLength().ShouldBe(0, "another user's calls are never shown");
        (await bob.Http.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("balance").GetDecimal().ShouldBe(100m);
    }

    private async Task<DevBotTestHost> StartPricedAsync(FakeOpenAiServer llm, Action<IServiceCollection>? services = null)
    {
        var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), BillingTestHost.Metered(), services: services);
        await host.PriceAsync(Rate.Model, Rate.InputUsdPerMillion, Rate.OutputUsdPerMillion);
        return host;
    }

    private static Task<List<LlmCall>> CallsAsync(DevBotTestHost host, Guid projectId) =>
        host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded).ToListAsync());

    /// <summary>Fails the commit of the first transaction that carries a usage charge, as a worker dying at that instant would.</summary>
    private sealed class CrashBeforeChargeCommit : DbTransactionInterceptor
    {
        private int _crashes;

        public int Crashes => _crashes;

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            var chargesUsage = eventData.Context?.ChangeTracker.Entries<CreditTransaction>()
                .Any(e => e.State == EntityState.Added && e.Entity.Kind == CreditTransactionKind.Usage) ?? false;
            if (chargesUsage && Interlocked.CompareExchange(ref _crashes, 1, 0) == 0)
            {
                throw new InvalidOperationException("Simulated crash: the process died before the commit.");
            }

            return ValueTask.FromResult(result);
        }
    }
}

public sealed class SqliteMeteringTests : MeteringTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresMeteringTests(PostgresServer postgres) : MeteringTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
