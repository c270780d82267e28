using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DevBot.Billing.Ledger;
using DevBot.Billing.Stripe;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

/// <summary>Stripe's webhook through the real HTTP endpoint of the real host, with a clock the test moves.</summary>
public sealed class StripeWebhookTests : IAsyncLifetime
{
    private const string Secret = "whsec_devbot_tests";
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private DevBotTestHost _host = null!;
    private ApiUser _alice = null!;
    private HttpClient _stripe = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1",
            settings: BillingTestHost.Metered(("STRIPE_WEBHOOK_SECRET", Secret)),
            runWorkers: false,
            services: s => s.AddSingleton<TimeProvider>(_clock));
        _alice = await _host.CreateUserAsync("alice");
        _stripe = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _stripe.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Signed_checkout_completed_credits_the_user_named_by_client_reference_id_with_the_credits_in_its_metadata()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_1", "cs_test_1", _alice.Id, 500m);

        var response = await DeliverSignedAsync(payload);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await StatusAsync(response)).ShouldBe("granted");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(600m, "100 welcome credits + 500 bought");
        var purchase = (await _host.TransactionsAsync(_alice.Id)).Single(t => t.Kind == CreditTransactionKind.Purchase);
        purchase.Amount.ShouldBe(500m);
        purchase.PaymentId.ShouldBe("cs_test_1");
        purchase.StripeEventId.ShouldBe("evt_1");
        purchase.Description.ShouldContain("5.00 USD");
        await _host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task Webhook_with_wrong_secret_is_refused_and_grants_nothing()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_2", "cs_test_2", _alice.Id, 500m);

        var response = await StripeSigner.DeliverAsync(_stripe, payload, StripeSigner.Header("whsec_attacker", _clock.GetUtcNow(), payload));

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "matches");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m);
    }

    [Fact]
    public async Task Webhook_with_stale_timestamp_is_refused_and_grants_nothing()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_3", "cs_test_3", _alice.Id, 500m);
        var header = StripeSigner.Header(Secret, _clock.GetUtcNow(), payload);
        _clock.Advance(TimeSpan.FromSeconds(301));

        var response = await StripeSigner.DeliverAsync(_stripe, payload, header);

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "tolerance");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m);
    }

    [Fact]
    public async Task Webhook_with_tampered_body_is_refused_and_grants_nothing()
    {
        var signed = StripeSigner.CheckoutCompleted("evt_4", "cs_test_4", _alice.Id, 5m);
        var header = StripeSigner.Header(Secret, _clock.GetUtcNow(), signed);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed).Replace("\"credits\":\"5\"", "\"credits\":\"50000\"", StringComparison.Ordinal));
        tampered.ShouldNotBe(signed);

        var response = await StripeSigner.DeliverAsync(_stripe, tampered, header);

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "matches");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m);
    }

    [Fact]
    public async Task Webhook_without_a_signature_is_refused()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_5", "cs_test_5", _alice.Id, 500m);
        await ShouldBeProblemAsync(await StripeSigner.DeliverAsync(_stripe, payload, null), HttpStatusCode.BadRequest, "missing");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m);
    }

    [Fact]
    public async Task Replayed_event_is_acknowledged_but_grants_nothing_more()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_6", "cs_test_6", _alice.Id, 500m);
        (await DeliverSignedAsync(payload)).EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromSeconds(60));

        // Stripe redelivers with a fresh signature; an attacker replays the captured one within the tolerance.
        var redelivered = await DeliverSignedAsync(payload);
        var replayed = await StripeSigner.DeliverAsync(_stripe, payload, StripeSigner.Header(Secret, _clock.GetUtcNow().AddSeconds(-60), payload));

        foreach (var response in new[] { redelivered, replayed })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await StatusAsync(response)).ShouldBe("already_granted");
        }

        (await _host.BalanceAsync(_alice.Id)).ShouldBe(600m);
        (await _host.TransactionsAsync(_alice.Id)).Count(t => t.Kind == CreditTransactionKind.Purchase).ShouldBe(1);
    }

    [Fact]
    public async Task Simultaneous_redeliveries_of_one_event_grant_it_exactly_once()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_7", "cs_test_7", _alice.Id, 250m);
        var header = StripeSigner.Header(Secret, _clock.GetUtcNow(), payload);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => StripeSigner.DeliverAsync(_stripe, payload, header)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var statuses = await Task.WhenAll(responses.Select(StatusAsync));
        statuses.Count(s => s == "granted").ShouldBe(1);
        statuses.Count(s => s == "already_granted").ShouldBe(11);
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(350m);
        await _host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task A_second_event_for_an_already_credited_session_grants_nothing_more()
    {
        var completed = StripeSigner.CheckoutCompleted("evt_8a", "cs_test_8", _alice.Id, 500m);
        var succeeded = StripeSigner.CheckoutCompleted("evt_8b", "cs_test_8", _alice.Id, 500m, type: "checkout.session.async_payment_succeeded");

        (await DeliverSignedAsync(completed)).EnsureSuccessStatusCode();
        var second = await DeliverSignedAsync(succeeded);

        (await StatusAsync(second)).ShouldBe("already_granted");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(600m);
    }

    [Fact]
    public async Task A_completed_but_unpaid_session_grants_only_when_its_delayed_payment_succeeds()
    {
        var completed = StripeSigner.CheckoutCompleted("evt_9a", "cs_test_9", _alice.Id, 500m, paymentStatus: "unpaid");
        var response = await DeliverSignedAsync(completed);
        (await StatusAsync(response)).ShouldBe("ignored");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m);

        var paid = StripeSigner.CheckoutCompleted("evt_9b", "cs_test_9", _alice.Id, 500m, type: "checkout.session.async_payment_succeeded");
        response = await DeliverSignedAsync(paid);
        (await StatusAsync(response)).ShouldBe("granted");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(600m);
    }

    [Fact]
    public async Task Other_event_types_are_acknowledged_and_change_nothing()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_10", "cs_test_10", _alice.Id, 500m, type: "checkout.session.expired");
        var response = await DeliverSignedAsync(payload);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(response)).ShouldBe("ignored");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m);
    }

    [Fact]
    public async Task A_paid_session_naming_no_known_user_is_refused_with_400()
    {
        var payload = StripeSigner.CheckoutCompleted("evt_11", "cs_test_11", _alice.Id, 500m, clientReferenceId: Guid.NewGuid().ToString());
        var response = await DeliverSignedAsync(payload);
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "no known user");
        await _host.ShouldBeConsistentAsync();
    }

    [Theory]
    [InlineData("79228162514264337593543950335")]
    [InlineData("1000000000000")]
    [InlineData("1000000000.000001")]
    [InlineData("0.0000001")]
    [InlineData("0")]
    public async Task A_signed_event_with_credits_beyond_the_ledgers_bounds_answers_400_is_audited_and_grants_nothing(string credits)
    {
        var payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(StripeSigner.CheckoutCompleted("evt_big", "cs_test_big", _alice.Id, 5m))
            .Replace("\"credits\":\"5\"", $"\"credits\":\"{credits}\"", StringComparison.Ordinal));

        var response = await DeliverSignedAsync(payload);

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "no valid 'credits' metadata");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m);
        var refused = (await AuditAsync(StripeWebhook.RefusedAction)).ShouldHaveSingleItem();
        refused.Actor.ShouldBe("stripe");
        refused.SubjectUserId.ShouldBe(_alice.Id);
        refused.Details.ShouldContain("evt_big");
        await _host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task The_largest_amount_an_administrator_may_grant_is_also_the_largest_a_purchase_may_carry()
    {
        var response = await DeliverSignedAsync(StripeSigner.CheckoutCompleted("evt_max", "cs_test_max", _alice.Id, CreditLedger.MaxCreditsPerChange));

        (await StatusAsync(response)).ShouldBe("granted");
        (await _host.BalanceAsync(_alice.Id)).ShouldBe(100m + CreditLedger.MaxCreditsPerChange);
        var credited = (await AuditAsync(CreditLedger.PurchaseAction)).ShouldHaveSingleItem();
        credited.Actor.ShouldBe("stripe");
        credited.SubjectUserId.ShouldBe(_alice.Id);
        credited.Details.ShouldContain("cs_test_max");
    }

    [Fact]
    public async Task Webhook_is_refused_when_no_signing_secret_is_configured()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var user = await host.CreateUserAsync();
        var payload = StripeSigner.CheckoutCompleted("evt_12", "cs_test_12", user.Id, 500m);
        using var client = host.CreateClient();

        var response = await StripeSigner.DeliverAsync(client, payload, StripeSigner.Header(Secret, DateTimeOffset.UtcNow, payload));

        await ShouldBeProblemAsync(response, HttpStatusCode.ServiceUnavailable, "STRIPE_WEBHOOK_SECRET");
        (await host.BalanceAsync(user.Id)).ShouldBe(100m);
    }

    private Task<List<DevBot.Audit.AuditEntry>> AuditAsync(string action) =>
        _host.InScopeAsync(s => s.GetRequiredService<DevBot.Data.DevBotDbContext>().Set<DevBot.Audit.AuditEntry>().AsNoTracking()
            .Where(e => e.Action == action).ToListAsync());

    private Task<HttpResponseMessage> DeliverSignedAsync(byte[] payload) =>
        StripeSigner.DeliverAsync(_stripe, payload, StripeSigner.Header(Secret, _clock.GetUtcNow(), payload));

    private static async Task<string?> StatusAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!.ShouldContain(detailContains, Case.Insensitive);
    }
}
