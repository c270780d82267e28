using System.Net.Http.Json;
using DevBot.Users;
using DevBot.Audit;
using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Telegram.Payments;
using DevBot.Telegram.Persistence;
using DevBot.Tests.Billing;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>
/// Credit packs paid in Telegram Stars, end to end through the real host and the Bot API stand-in: the invoice,
/// the pre-checkout check, the payment credited once per charge, and an administrator's refund, once.
/// </summary>
public abstract class TelegramStarsTests
{
    private const long AdminId = 2002;
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");
    private static readonly StandInUser Root = new(AdminId, "Root", "root");

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task Buying_a_pack_with_stars_grants_its_credits_once_even_when_the_payment_arrives_again()
    {
        await using var rig = await StartAsync();
        var telegram = rig.Telegram;

        var invoice = await RequestInvoiceAsync(rig, Alice, "standard — 500 ⭐");
        invoice.Invoice!["currency"]!.GetValue<string>().ShouldBe("XTR");
        invoice.Invoice["total_amount"]!.GetValue<long>().ShouldBe(500);
        var sendInvoice = telegram.CallsOf("sendInvoice").ShouldHaveSingleItem();
        sendInvoice.Parameters["provider_token"].ShouldBeNull("Stars need no payment provider");
        sendInvoice.Parameters["prices"]!.AsArray().Count.ShouldBe(1);
        telegram.AllowedUpdates!.ShouldContain("pre_checkout_query");

        telegram.PayInvoice(Alice, invoice);
        var receipt = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Payment received", StringComparison.Ordinal) == true, "the receipt");
        var charge = telegram.Charges.ShouldHaveSingleItem();
        receipt.Text!.ShouldContain("1,100 credits for 500 Stars");
        receipt.Text!.ShouldContain("Your balance: 1,200 credits.");
        receipt.Text!.ShouldContain(charge.ChargeId);
        telegram.PreCheckoutAnswers.ShouldHaveSingleItem().Ok.ShouldBeTrue();

        // The same update again (a webhook retry, a re-poll) and a second update for the same charge.
        telegram.Redeliver(telegram.UpdateIdOf(u => u["message"]?["successful_payment"]?["telegram_payment_charge_id"]?.GetValue<string>() == charge.ChargeId)!.Value);
        var again = telegram.DeliverPaymentAgain(Alice, charge.ChargeId);
        await WaitForUpdateHandledAsync(rig, again);
        telegram.SendText(Alice, "/credits");
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Your balance:", StringComparison.Ordinal) == true, "the balance afterwards");

        telegram.Messages(Alice.ChatId).Count(m => m.Text?.StartsWith("Payment received", StringComparison.Ordinal) == true).ShouldBe(1);
        var alice = await AliceAsync(rig);
        (await rig.Host.BalanceAsync(alice)).ShouldBe(1200m);
        var purchase = (await rig.Host.TransactionsAsync(alice)).Single(t => t.Kind == CreditTransactionKind.Purchase);
        purchase.PaymentId.ShouldBe(StarPayments.PaymentIdPrefix + charge.ChargeId);
        purchase.Amount.ShouldBe(1100m);
        var stored = await InScopeAsync(rig, db => db.Set<StarPayment>().AsNoTracking().SingleAsync());
        (stored.ChargeId, stored.TelegramUserId, stored.Pack, stored.Stars).ShouldBe((charge.ChargeId, Alice.Id, "standard", 500));
        (await AuditAsync(rig, "credits.purchase")).ShouldHaveSingleItem().Actor.ShouldBe($"telegram:{Alice.Id}");
        await rig.Host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_pre_checkout_for_a_pack_no_longer_on_sale_at_that_price_or_for_an_invoice_not_from_this_bot_is_refused()
    {
        await using var rig = await StartAsync();
        var telegram = rig.Telegram;
        var invoice = await RequestInvoiceAsync(rig, Alice, "starter — 250 ⭐");

        // The operator raises the price; the invoice already in the chat still says 250.
        await rig.RestartAsync(changed: new Dictionary<string, string?> { ["TELEGRAM_STARS_PACKS"] = "starter:500:300,pro:3000:1250" });
        telegram.PayInvoice(Alice, invoice);
        var stale = await telegram.WaitForAsync(t => t.PreCheckoutAnswers.FirstOrDefault(), "the answer to the stale invoice");

        var forged = new StandInMessage
        {
            ChatId = Alice.ChatId,
            Invoice = new() { ["currency"] = "XTR", ["total_amount"] = 1L },
            InvoicePayload = "xtr1:pro:3000:1:0123456789abcdef01234567",
        };
        telegram.PayInvoice(Alice, forged);
        var foreign = await telegram.WaitForAsync(t => t.PreCheckoutAnswers.Skip(1).FirstOrDefault(), "the answer to the forged invoice");

        stale.Ok.ShouldBeFalse();
        stale.ErrorMessage!.ShouldContain("offer has changed");
        foreign.Ok.ShouldBeFalse();
        foreign.ErrorMessage!.ShouldContain("not one of this bot's offers");
        telegram.Charges.ShouldBeEmpty("Telegram takes no Stars after a refused pre-checkout");
        (await rig.Host.BalanceAsync(await AliceAsync(rig))).ShouldBe(100m);
        (await InScopeAsync(rig, db => db.Set<StarPayment>().CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task An_admin_refunds_a_stars_payment_once_and_only_admins_may()
    {
        await using var rig = await StartAsync();
        var telegram = rig.Telegram;
        var charge = await BuyStarterAsync(rig);

        telegram.SendText(Alice, "/admin refund " + charge);
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("administrators only") == true, "the refusal");
        telegram.SendText(Root, "/admin payments");
        (await telegram.WaitForMessageAsync(Root.ChatId, m => m.Text?.Contains("Newest Telegram Stars payments") == true, "the payments")).Text!
            .ShouldContain(charge);
        telegram.SendText(Root, "/admin refund " + charge);
        var done = await telegram.WaitForMessageAsync(Root.ChatId, m => m.Text?.StartsWith("Refunded", StringComparison.Ordinal) == true, "the refund");
        telegram.SendText(Root, "/admin refund " + charge);
        await telegram.WaitForMessageAsync(Root.ChatId, m => m.Text?.Contains("already refunded") == true, "the answer to a second refund");
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Your payment was refunded", StringComparison.Ordinal) == true, "the buyer's notice");

        done.Text!.ShouldContain("250 ⭐ returned to user 1001, 500 credits taken back");
        telegram.Charges.Single().Refunded.ShouldBeTrue();
        telegram.CallsOf("refundStarPayment").Count.ShouldBe(1);
        var alice = await AliceAsync(rig);
        (await rig.Host.BalanceAsync(alice)).ShouldBe(100m);
        var refund = (await rig.Host.TransactionsAsync(alice)).Single(t => t.Kind == CreditTransactionKind.Refund);
        (refund.Amount, refund.PaymentId).ShouldBe((-500m, StarPayments.PaymentIdPrefix + charge));
        (await AuditAsync(rig, "credits.refund")).ShouldHaveSingleItem().Actor.ShouldBe($"telegram:{AdminId}");
        (await AuditAsync(rig, "telegram.admin.refund")).Count.ShouldBe(2);
        (await AuditAsync(rig, "telegram.admin.denied")).ShouldHaveSingleItem();
        await rig.Host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_refund_telegram_made_before_a_crash_is_completed_in_the_ledger_once_and_the_ledger_refuses_a_second()
    {
        await using var rig = await StartAsync();
        var telegram = rig.Telegram;
        var charge = await BuyStarterAsync(rig);

        // Telegram returned the Stars, then the process died before the ledger heard of it.
        using (var http = new HttpClient())
        {
            (await http.PostAsJsonAsync($"{telegram.BaseUrl}/bot{FakeBotApiServer.DefaultToken}/refundStarPayment",
                new { user_id = Alice.Id, telegram_payment_charge_id = charge })).EnsureSuccessStatusCode();
        }

        telegram.SendText(Root, "/admin refund " + charge);
        await telegram.WaitForMessageAsync(Root.ChatId, m => m.Text?.StartsWith("Refunded", StringComparison.Ordinal) == true, "the completed refund");
        var second = await rig.Host.InScopeAsync(s => s.GetRequiredService<CreditLedger>()
            .RecordRefundAsync(StarPayments.PaymentIdPrefix + charge, "again", Actor.CommandLine, CancellationToken.None));

        second.Outcome.ShouldBe(RefundOutcome.AlreadyRefunded);
        var alice = await AliceAsync(rig);
        (await rig.Host.TransactionsAsync(alice)).Count(t => t.Kind == CreditTransactionKind.Refund).ShouldBe(1);
        (await rig.Host.BalanceAsync(alice)).ShouldBe(100m);
        await rig.Host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_stars_purchase_resumes_a_build_that_was_waiting_for_credits()
    {
        await using var rig = await StartAsync(("INITIAL_CREDITS", "0.3"));
        await rig.Host.PriceAsync(BillingTestHost.Model, 1m, 1m);
        var telegram = rig.Telegram;
        telegram.SendText(Alice, "/new A command line temperature converter in Python, with tests.");
        var draft = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "the draft");
        telegram.PressButton(Alice, draft, "Python");
        var paused = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("is paused") == true, "the pause", TimeSpan.FromSeconds(90));

        telegram.PressButton(Alice, paused, "Buy credits");
        var packs = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("starter — 250 ⭐"), "the packs");
        telegram.PressButton(Alice, packs, "starter — 250 ⭐");
        telegram.PayInvoice(Alice, await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Invoice is not null, "the invoice"));

        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.DocumentBytes is not null, "the ZIP after the purchase", TimeSpan.FromSeconds(90));
        await rig.Host.ShouldBeConsistentAsync();
    }

    private async Task<TelegramTestRig> StartAsync(params (string Key, string? Value)[] more)
    {
        var settings = BillingTestHost.Metered(more);
        settings["DATABASE_URL"] = await NewDatabaseUrlAsync();
        settings["ADMIN_TELEGRAM_IDS"] = AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["TELEGRAM_STARS_PACKS"] = "starter:500:250,standard:1100:500";
        return await TelegramTestRig.StartAsync(settings: settings);
    }

    private static async Task<StandInMessage> RequestInvoiceAsync(TelegramTestRig rig, StandInUser user, string packButton)
    {
        rig.Telegram.SendText(user, "/buy");
        var packs = await rig.Telegram.WaitForMessageAsync(user.ChatId, m => m.HasButton(packButton), "the credit packs");
        var invoices = rig.Telegram.Messages(user.ChatId).Count(m => m.Invoice is not null);
        rig.Telegram.PressButton(user, packs, packButton);
        return await rig.Telegram.WaitForAsync(t => t.Messages(user.ChatId).Where(m => m.Invoice is not null).Skip(invoices).FirstOrDefault(), "the invoice");
    }

    /// <summary>Alice buys the starter pack; returns the payment's charge id.</summary>
    private static async Task<string> BuyStarterAsync(TelegramTestRig rig)
    {
        rig.Telegram.PayInvoice(Alice, await RequestInvoiceAsync(rig, Alice, "starter — 250 ⭐"));
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Payment received", StringComparison.Ordinal) == true, "the receipt");
        return rig.Telegram.Charges.ShouldHaveSingleItem().ChargeId;
    }

    private static Task<Guid> AliceAsync(TelegramTestRig rig) =>
        InScopeAsync(rig, db => db.Set<TelegramAccount>().Where(a => a.TelegramUserId == Alice.Id).Select(a => a.UserId).SingleAsync());

    private static Task WaitForUpdateHandledAsync(TelegramTestRig rig, long updateId) =>
        rig.Telegram.WaitForAsync(_ => InScopeAsync(rig, db => db.Set<ProcessedUpdate>().AnyAsync(u => u.UpdateId == updateId)).GetAwaiter().GetResult(), "the update to be handled");

    private static Task<List<AuditEntry>> AuditAsync(TelegramTestRig rig, string action) =>
        InScopeAsync(rig, db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == action).ToListAsync());

    private static Task<T> InScopeAsync<T>(TelegramTestRig rig, Func<DevBotDbContext, Task<T>> query) =>
        rig.Host.InScopeAsync(services => query(services.GetRequiredService<DevBotDbContext>()));
}

public sealed class SqliteTelegramStarsTests : TelegramStarsTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresTelegramStarsTests(PostgresServer postgres) : TelegramStarsTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
