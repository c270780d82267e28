using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Stripe;

public sealed record CheckoutRequest(string? Pack);

public sealed record PackView(string Name, decimal Credits, long PriceCents, string Currency);

public sealed record CheckoutView(string Pack, decimal Credits, long PriceCents, string Currency, string? Url, string? SessionId, bool Mock, decimal? Balance, string Message);

public sealed record WebhookAcknowledgement(bool Received, string Status, string Message);

internal static class PurchaseEndpoints
{
    /// <summary>Stripe's events are a few kilobytes; anything far larger is not from Stripe.</summary>
    private const int MaxWebhookBytes = 512 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        var billing = app.MapGroup("/api/v1/billing").WithTags("Billing");
        billing.MapGet("/packs", ListPacks).RequireAuthorization().WithSummary("Credit packs for sale.");
        billing.MapPost("/checkout", CheckoutAsync).RequireAuthorization()
            .WithSummary("Buy a credit pack: answers a Stripe payment URL (or, with MOCK_STRIPE_PAYMENTS=true, grants it at once).");
        billing.MapPost("/stripe/webhook", WebhookAsync).AllowAnonymous()
            .WithSummary("Stripe's signed event deliveries (Stripe-Signature verified); credits paid checkouts once.");
    }

    private static Ok<List<PackView>> ListPacks(CreditPurchases purchases, IOptions<StripeOptions> options) =>
        TypedResults.Ok(purchases.Packs.Select(p => new PackView(p.Name, p.Credits, p.PriceCents, options.Value.Currency)).ToList());

    private static async Task<Results<Ok<CheckoutView>, ProblemHttpResult>> CheckoutAsync(
        CheckoutRequest? request, HttpContext http, CreditPurchases purchases, IOptions<StripeOptions> options, CancellationToken cancellationToken)
    {
        try
        {
            var start = await purchases.StartAsync(http.User.UserId(), request?.Pack, cancellationToken);
            return TypedResults.Ok(new CheckoutView(
                start.Pack.Name, start.Pack.Credits, start.Pack.PriceCents, options.Value.Currency, start.CheckoutUrl, start.SessionId, start.Mock, start.Balance, start.Message));
        }
        catch (UnknownPackException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown credit pack", detail: ex.Message);
        }
        catch (PurchasesUnavailableException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Purchases are not configured", detail: ex.Message);
        }
        catch (StripeException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Stripe error", detail: ex.Message);
        }
    }

    private static async Task<Results<Ok<WebhookAcknowledgement>, ProblemHttpResult>> WebhookAsync(
        HttpRequest request, StripeWebhook webhook, CancellationToken cancellationToken)
    {
        // The signature covers the exact bytes Stripe sent, so the body is read raw, never re-serialised.
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxWebhookBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: "The event is larger than any Stripe event.");
            }

            body.Write(buffer, 0, read);
        }

        var result = await webhook.HandleAsync(body.GetBuffer().AsMemory(0, (int)body.Length), request.Headers["Stripe-Signature"], cancellationToken);
        return result.Status switch
        {
            WebhookStatus.NotConfigured => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Webhook not configured", detail: result.Message),
            WebhookStatus.Unauthentic => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid signature", detail: result.Message),
            // 400, not 5xx: the event is refused for what it says, and retrying it changes nothing.
            WebhookStatus.Unprocessable => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Event not applied", detail: result.Message),
            _ => TypedResults.Ok(new WebhookAcknowledgement(true, SnakeCase(result.Status), result.Message)),
        };
    }

    private static string SnakeCase(WebhookStatus status) => status switch
    {
        WebhookStatus.Granted => "granted",
        WebhookStatus.AlreadyGranted => "already_granted",
        _ => "ignored",
    };
}
