using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DevBot.Billing.Stripe;

namespace DevBot.Tests.Billing;

/// <summary>Signs webhook payloads the way Stripe does, and builds the events DevBot receives.</summary>
internal static class StripeSigner
{
    public static string Header(string secret, DateTimeOffset signedAt, byte[] payload)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={StripeSignature.Compute(secret, timestamp, payload)}";
    }

    /// <summary>A <c>checkout.session.completed</c> event as Stripe sends it (the fields DevBot reads, and a few it does not).</summary>
    public static byte[] CheckoutCompleted(string eventId, string sessionId, Guid userId, decimal credits, string paymentStatus = "paid",
        string type = "checkout.session.completed", string? clientReferenceId = null) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = "2024-06-20",
            ["created"] = 1_760_000_000,
            ["type"] = type,
            ["livemode"] = false,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = sessionId,
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["client_reference_id"] = clientReferenceId ?? userId.ToString(),
                    ["payment_status"] = paymentStatus,
                    ["status"] = "complete",
                    ["amount_total"] = 500,
                    ["currency"] = "usd",
                    ["metadata"] = new Dictionary<string, string>
                    {
                        ["devbot_user_id"] = userId.ToString(),
                        ["pack"] = "starter",
                        ["credits"] = credits.ToString(CultureInfo.InvariantCulture),
                    },
                },
            },
        }));

    /// <summary>Posts raw bytes to the webhook with a signature header, as Stripe's delivery does.</summary>
    public static Task<HttpResponseMessage> DeliverAsync(HttpClient http, byte[] payload, string? signatureHeader)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/billing/stripe/webhook") { Content = content };
        if (signatureHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signatureHeader);
        }

        return http.SendAsync(request);
    }
}
