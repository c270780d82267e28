using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Billing.Ledger;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Billing;

public sealed class CheckoutTests
{
    [Fact]
    public async Task Checkout_creates_a_stripe_session_for_the_pack_and_answers_its_payment_url()
    {
        await using var stripe = await StripeStandIn.StartAsync();
        await using var host = await StartAsync(stripe);
        var alice = await host.CreateUserAsync("alice");

        var response = await alice.Http.PostAsJsonAsync("/api/v1/billing/checkout", new { pack = "standard" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("url").GetString()!.ShouldStartWith("https://checkout.stripe.com/c/pay/cs_test_");
        body.GetProperty("mock").GetBoolean().ShouldBeFalse();
        body.GetProperty("credits").GetDecimal().ShouldBe(1100m);
        var request = stripe.Requests.ShouldHaveSingleItem();
        request.Authorization.ShouldBe($"Bearer {StripeStandIn.SecretKey}");
        request.IdempotencyKey.ShouldNotBeNullOrEmpty();
        request.Form.ShouldContainKeyAndValue("mode", "payment");
        request.Form.ShouldContainKeyAndValue("client_reference_id", alice.Id.ToString());
        request.Form.ShouldContainKeyAndValue("metadata[credits]", "1100");
        request.Form.ShouldContainKeyAndValue("metadata[pack]", "standard");
        request.Form.ShouldContainKeyAndValue("line_items[0][price_data][unit_amount]", "1000");
        request.Form.ShouldContainKeyAndValue("line_items[0][price_data][currency]", "usd");
        request.Form.ShouldContainKeyAndValue("line_items[0][quantity]", "1");
        request.Form.ShouldContainKeyAndValue("success_url", "https://devbot.example.test/paid?session={CHECKOUT_SESSION_ID}");
        request.Form.ShouldContainKeyAndValue("cancel_url", "https://devbot.example.test/cancelled");
        body.GetProperty("sessionId").GetString().ShouldBe(body.GetProperty("url").GetString()!.Split('/').Last());
        (await host.BalanceAsync(alice.Id)).ShouldBe(100m, "nothing is granted before Stripe confirms the payment");
    }

    [Fact]
    public async Task Stripe_refusing_the_session_is_reported_as_a_bad_gateway_with_stripes_reason()
    {
        await using var stripe = await StripeStandIn.StartAsync();
        stripe.FailWith = "Amount must be at least 50 cents.";
        await using var host = await StartAsync(stripe);
        var alice = await host.CreateUserAsync();

        var response = await alice.Http.PostAsJsonAsync("/api/v1/billing/checkout", new { pack = "starter" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldContain("Amount must be at least 50 cents.");
        problem.GetProperty("detail").GetString()!.ShouldNotContain(StripeStandIn.SecretKey);
    }

    [Fact]
    public async Task An_unknown_pack_is_a_bad_request_naming_the_packs_for_sale()
    {
        await using var stripe = await StripeStandIn.StartAsync();
        await using var host = await StartAsync(stripe);
        var alice = await host.CreateUserAsync();

        var response = await alice.Http.PostAsJsonAsync("/api/v1/billing/checkout", new { pack = "platinum" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("starter, standard, pro");
        stripe.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Checkout_needs_an_api_key()
    {
        await using var stripe = await StripeStandIn.StartAsync();
        await using var host = await StartAsync(stripe);
        using var anonymous = host.CreateClient();

        (await anonymous.PostAsJsonAsync("/api/v1/billing/checkout", new { pack = "starter" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_stripe_or_mock_payments_buying_is_unavailable_with_the_variable_to_set()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var alice = await host.CreateUserAsync();

        var response = await alice.Http.PostAsJsonAsync("/api/v1/billing/checkout", new { pack = "starter" });

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("STRIPE_SECRET_KEY");
    }

    [Fact]
    public async Task Mock_payments_grant_the_pack_at_once_and_say_plainly_that_no_payment_was_taken()
    {
        await using var stripe = await StripeStandIn.StartAsync();
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false,
            settings: new Dictionary<string, string?> { ["MOCK_STRIPE_PAYMENTS"] = "true", ["STRIPE_API_BASE_URL"] = stripe.BaseUrl });
        var alice = await host.CreateUserAsync();

        var response = await alice.Http.PostAsJsonAsync("/api/v1/billing/checkout", new { pack = "starter" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("mock").GetBoolean().ShouldBeTrue();
        body.GetProperty("url").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("balance").GetDecimal().ShouldBe(600m);
        body.GetProperty("message").GetString()!.ShouldContain("no payment was taken");
        stripe.Requests.ShouldBeEmpty("mock payments never talk to Stripe");
        var purchase = (await host.TransactionsAsync(alice.Id)).Single(t => t.Kind == CreditTransactionKind.Purchase);
        purchase.Description.ShouldContain("MOCK_STRIPE_PAYMENTS");
        purchase.PaymentId!.ShouldStartWith("mock_");
        await host.ShouldBeConsistentAsync();
    }

    [Fact]
    public async Task Credit_packs_for_sale_are_listed_from_credit_packs()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false,
            settings: new Dictionary<string, string?> { ["CREDIT_PACKS"] = "tiny:10:99,huge:100000:50000", ["STRIPE_CURRENCY"] = "eur" });
        var alice = await host.CreateUserAsync();

        var packs = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/billing/packs");

        packs.GetArrayLength().ShouldBe(2);
        packs[0].GetProperty("name").GetString().ShouldBe("tiny");
        packs[0].GetProperty("credits").GetDecimal().ShouldBe(10m);
        packs[0].GetProperty("priceCents").GetInt64().ShouldBe(99);
        packs[1].GetProperty("currency").GetString().ShouldBe("eur");
    }

    [Fact]
    public async Task A_stripe_key_without_return_urls_stops_the_start_with_the_variables_named()
    {
        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => DevBotTestHost.StartAsync(
            "http://127.0.0.1:9/v1", runWorkers: false, settings: new Dictionary<string, string?> { ["STRIPE_SECRET_KEY"] = "sk_test_x" }));
        error.Message.ShouldContain("STRIPE_SUCCESS_URL");
        error.Message.ShouldContain("STRIPE_CANCEL_URL");
    }

    private static Task<DevBotTestHost> StartAsync(StripeStandIn stripe) => DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false,
        settings: new Dictionary<string, string?>
        {
            ["STRIPE_SECRET_KEY"] = StripeStandIn.SecretKey,
            ["STRIPE_API_BASE_URL"] = stripe.BaseUrl,
            ["STRIPE_SUCCESS_URL"] = "https://devbot.example.test/paid?session={CHECKOUT_SESSION_ID}",
            ["STRIPE_CANCEL_URL"] = "https://devbot.example.test/cancelled",
        });
}
