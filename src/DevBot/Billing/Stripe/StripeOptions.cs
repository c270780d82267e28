using System.ComponentModel.DataAnnotations;

namespace DevBot.Billing.Stripe;

/// <summary>Credit purchases through Stripe Checkout (or, for local use only, mock purchases that grant at once).</summary>
internal sealed class StripeOptions
{
    public const string DefaultApiBaseUrl = "https://api.stripe.com";
    public const string DefaultCreditPacks = "starter:500:500,standard:1100:1000,pro:3000:2500";

    [ConfigurationKeyName("STRIPE_SECRET_KEY")]
    public string? SecretKey { get; set; }

    [ConfigurationKeyName("STRIPE_WEBHOOK_SECRET")]
    public string? WebhookSecret { get; set; }

    /// <summary>Stripe's API root; tests point it at a stand-in server.</summary>
    [ConfigurationKeyName("STRIPE_API_BASE_URL")]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Where Stripe sends the buyer after paying (may contain Stripe's <c>{CHECKOUT_SESSION_ID}</c> placeholder).</summary>
    [ConfigurationKeyName("STRIPE_SUCCESS_URL")]
    public string? SuccessUrl { get; set; }

    [ConfigurationKeyName("STRIPE_CANCEL_URL")]
    public string? CancelUrl { get; set; }

    [ConfigurationKeyName("STRIPE_CURRENCY")]
    [RegularExpression("^[a-z]{3}$", ErrorMessage = "STRIPE_CURRENCY must be a three-letter lowercase ISO currency code, e.g. usd.")]
    public string Currency { get; set; } = "usd";

    /// <summary>Packs for sale: <c>name:credits:price_in_cents</c>, comma-separated.</summary>
    [ConfigurationKeyName("CREDIT_PACKS")]
    public string CreditPacks { get; set; } = DefaultCreditPacks;

    /// <summary>Buying grants the pack at once with no payment: for local use and demos only.</summary>
    [ConfigurationKeyName("MOCK_STRIPE_PAYMENTS")]
    public bool MockPayments { get; set; }

    /// <summary>How far a webhook's signed timestamp may be from now (Stripe's default is 300 s).</summary>
    [ConfigurationKeyName("STRIPE_WEBHOOK_TOLERANCE_SECONDS")]
    [Range(1, 3600, ErrorMessage = "STRIPE_WEBHOOK_TOLERANCE_SECONDS must be between {1} and {2}.")]
    public int WebhookToleranceSeconds { get; set; } = 300;

    public bool CheckoutConfigured => !string.IsNullOrWhiteSpace(SecretKey);

    public IReadOnlyList<CreditPack> Packs() => CreditPack.ParseList(CreditPacks);

    /// <summary>Problems with the configuration, each a sentence naming the variable; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        try
        {
            _ = Packs();
        }
        catch (FormatException ex)
        {
            problems.Add(ex.Message);
        }

        if (!IsHttpUrl(ApiBaseUrl))
        {
            problems.Add("STRIPE_API_BASE_URL must be an absolute http(s) URL.");
        }

        if (CheckoutConfigured && !MockPayments)
        {
            if (!IsHttpUrl(SuccessUrl))
            {
                problems.Add("STRIPE_SUCCESS_URL must be set to an absolute http(s) URL when STRIPE_SECRET_KEY is set.");
            }

            if (!IsHttpUrl(CancelUrl))
            {
                problems.Add("STRIPE_CANCEL_URL must be set to an absolute http(s) URL when STRIPE_SECRET_KEY is set.");
            }
        }

        return problems;
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
