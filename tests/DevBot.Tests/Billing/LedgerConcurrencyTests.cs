using DevBot.Billing;
using DevBot.Audit;
using DevBot.Users;
using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

/// <summary>The ledger invariant (balance = sum of transactions, one charge per call) under many writers at once.</summary>
public abstract class LedgerConcurrencyTests
{
    private const int ParallelCalls = 60;
    private static readonly ModelRate Rate = new(BillingTestHost.Model, 3.0m, 15.0m);

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task Parallel_charges_and_grants_for_one_user_never_lose_an_update_or_charge_twice()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(),
            BillingTestHost.Metered(("INITIAL_CREDITS", "1000")), runWorkers: false);
        await host.PriceAsync(Rate.Model, Rate.InputUsdPerMillion, Rate.OutputUsdPerMillion);
        var alice = await host.CreateUserAsync();

        // Each call has its own scope (its own DbContext and connection), as concurrent builds do; grants interleave.
        var calls = Enumerable.Range(0, ParallelCalls).Select(i => host.InScopeAsync(s => s.GetRequiredService<LlmGateway>().AskAsync(
            new LlmCallContext(null, alice.Id, CallKey.Review(i + 1, 1), LlmRole.Reviewer, MaxOutputTokens: 1000),
            [new LlmMessage(LlmMessageRole.User, new string('x', 40 * (i + 1)))], null, CancellationToken.None)));
        var grants = Enumerable.Range(0, 20).Select(i => host.InScopeAsync(s => s.GetRequiredService<CreditLedger>().AddManualAsync(
            alice.Id, CreditTransactionKind.Grant, 0.5m, $"grant {i}", Actor.CommandLine, CancellationToken.None)));
        await Task.WhenAll(calls.Cast<Task>().Concat(grants));

        var charged = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.UserId == alice.Id && c.Outcome == LlmCallOutcome.Succeeded).ToListAsync());
        charged.Count.ShouldBe(ParallelCalls);
        charged.Select(c => c.Credits).Distinct().Count().ShouldBeGreaterThan(10, "the calls had different sizes");
        var usage = (await host.TransactionsAsync(alice.Id)).Where(t => t.Kind == CreditTransactionKind.Usage).ToList();
        usage.Select(t => t.LlmCallId).ShouldBeUnique();
        usage.Count.ShouldBe(ParallelCalls);
        (await host.BalanceAsync(alice.Id)).ShouldBe(1000m + (20 * 0.5m) - charged.Sum(c => c.Credits));
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task The_same_payment_recorded_by_many_writers_at_once_is_credited_exactly_once()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", await NewDatabaseUrlAsync(), runWorkers: false);
        var alice = await host.CreateUserAsync();

        var records = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => host.InScopeAsync(s => s.GetRequiredService<CreditLedger>()
            .RecordPurchaseAsync(new Purchase(alice.Id, 500m, "cs_same", "evt_same", "Stripe purchase"), Actor.Stripe, CancellationToken.None))));

        records.Count(r => r.Granted).ShouldBe(1);
        (await host.BalanceAsync(alice.Id)).ShouldBe(600m);
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task The_database_refuses_a_second_charge_for_the_same_call()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), BillingTestHost.Metered(), runWorkers: false);
        await host.PriceAsync(Rate.Model, Rate.InputUsdPerMillion, Rate.OutputUsdPerMillion);
        var alice = await host.CreateUserAsync();
        var answer = await host.InScopeAsync(s => s.GetRequiredService<LlmGateway>().AskAsync(
            new LlmCallContext(null, alice.Id, CallKey.Plan(), LlmRole.Architect, MaxOutputTokens: 1000), [new LlmMessage(LlmMessageRole.User, "hello")], null, CancellationToken.None));
        var balance = await host.BalanceAsync(alice.Id);

        var second = host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<DevBotDbContext>();
            db.Set<CreditTransaction>().Add(new CreditTransaction
            {
                UserId = alice.Id,
                Kind = CreditTransactionKind.Usage,
                AmountMicros = -1_000_000,
                LlmCallId = answer.CallId,
                Description = "a second charge for the same call",
                CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        await Should.ThrowAsync<DbUpdateException>(second);
        (await host.BalanceAsync(alice.Id)).ShouldBe(balance, "the refused row changed no balance");
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task Ledger_rows_cannot_be_edited_only_corrected_by_new_rows()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", await NewDatabaseUrlAsync(), runWorkers: false);
        var alice = await host.CreateUserAsync();

        var edit = host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<CreditTransaction>()
            .Where(t => t.UserId == alice.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.AmountMicros, 999_000_000)));

        (await Should.ThrowAsync<Exception>(edit)).ToString().ShouldContain("append-only");
        (await host.BalanceAsync(alice.Id)).ShouldBe(100m);
    }

    [Fact]
    public async Task Saving_a_user_through_ef_never_writes_a_stale_balance_over_the_ledgers()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", await NewDatabaseUrlAsync(), runWorkers: false);
        var alice = await host.CreateUserAsync("alice");

        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<DevBotDbContext>();
            var stale = await db.Set<User>().SingleAsync(u => u.Id == alice.Id);
            await s.GetRequiredService<CreditLedger>().AddManualAsync(alice.Id, CreditTransactionKind.Grant, 5m, "meanwhile", Actor.CommandLine, CancellationToken.None);
            stale.Name = "alice renamed";
            stale.Credits = 1_000_000m;
            db.Set<User>().Update(stale);
            return await db.SaveChangesAsync();
        });

        (await host.BalanceAsync(alice.Id)).ShouldBe(105m);
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task New_users_get_the_initial_credits_as_a_ledger_grant_in_the_same_transaction()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", await NewDatabaseUrlAsync(),
            new Dictionary<string, string?> { ["INITIAL_CREDITS"] = "12.5" }, runWorkers: false);

        var created = await host.InScopeAsync(s => s.GetRequiredService<DevBot.Users.UserAccounts>().CreateAsync("carol", false, Actor.CommandLine, CancellationToken.None));

        created.User.Credits.ShouldBe(12.5m, "the returned user shows the balance the database holds");
        (await host.BalanceAsync(created.User.Id)).ShouldBe(12.5m);
        var grant = (await host.TransactionsAsync(created.User.Id)).ShouldHaveSingleItem();
        grant.Kind.ShouldBe(CreditTransactionKind.Grant);
        grant.Amount.ShouldBe(12.5m);
    }

    [Fact]
    public async Task With_no_initial_credits_a_new_user_starts_at_zero_with_an_empty_ledger()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", await NewDatabaseUrlAsync(),
            new Dictionary<string, string?> { ["INITIAL_CREDITS"] = "0" }, runWorkers: false);
        var dave = await host.CreateUserAsync("dave");

        (await host.BalanceAsync(dave.Id)).ShouldBe(0m);
        (await host.TransactionsAsync(dave.Id)).ShouldBeEmpty();
    }
}

public sealed class SqliteLedgerConcurrencyTests : LedgerConcurrencyTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresLedgerConcurrencyTests(PostgresServer postgres) : LedgerConcurrencyTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
