using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Stripe;

internal sealed record CheckoutSession(string Id, string Url);

/// <summary>A request to Stripe failed; the message is Stripe's own explanation (never our secret key).</summary>
internal sealed class StripeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Creates Stripe Checkout Sessions over Stripe's REST API (<c>POST /v1/checkout/sessions</c>, form-encoded, the
/// secret key as bearer token). The session names the user (<c>client_reference_id</c>) and the credits
/// (<c>metadata</c>) so the signed <c>checkout.session.completed</c> webhook can grant them.
/// </summary>
internal sealed class StripeCheckoutClient(HttpClient http, IOptions<StripeOptions> options)
{
    public async Task<CheckoutSession> CreateAsync(Guid userId, CreditPack pack, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.CheckoutConfigured)
        {
            throw new InvalidOperationException("STRIPE_SECRET_KEY is not set.");
        }

        var credits = pack.Credits.ToString(CultureInfo.InvariantCulture);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["mode"] = "payment",
            ["success_url"] = settings.SuccessUrl!,
            ["cancel_url"] = settings.CancelUrl!,
            ["client_reference_id"] = userId.ToString(),
            ["line_items[0][quantity]"] = "1",
            ["line_items[0][price_data][currency]"] = settings.Currency,
            ["line_items[0][price_data][unit_amount]"] = pack.PriceCents.ToString(CultureInfo.InvariantCulture),
            ["line_items[0][price_data][product_data][name]"] = $"DevBot credits: {pack.Name} ({credits} credits)",
            ["metadata[devbot_user_id]"] = userId.ToString(),
            ["metadata[pack]"] = pack.Name,
            ["metadata[credits]"] = credits,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.ApiBaseUrl.TrimEnd('/') + "/"), "v1/checkout/sessions"))
        {
            Content = form,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.SecretKey);
        // Makes a retried request (by a proxy or a future retry policy) create one session, not two.
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new StripeException($"Stripe could not be reached: {ex.Message}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = TryParse(body);
            if (!response.IsSuccessStatusCode)
            {
                var reason = json?.RootElement.TryGetProperty("error", out var error) == true && error.TryGetProperty("message", out var message)
                    ? message.GetString()
                    : $"HTTP {(int)response.StatusCode}";
                throw new StripeException($"Stripe refused to create the checkout: {reason}");
            }

            if (json is null
                || !json.RootElement.TryGetProperty("id", out var id) || id.GetString() is not { Length: > 0 } sessionId
                || !json.RootElement.TryGetProperty("url", out var url) || url.GetString() is not { Length: > 0 } paymentUrl)
            {
                throw new StripeException("Stripe's answer had no checkout session id or URL.");
            }

            return new CheckoutSession(sessionId, paymentUrl);
        }
    }

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
