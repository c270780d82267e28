using System.Globalization;
using System.Text.Json;
using DevBot.Audit;
using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Shared;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Stripe;

public enum WebhookStatus
{
    /// <summary>STRIPE_WEBHOOK_SECRET is not set: nothing can be verified, so nothing is accepted.</summary>
    NotConfigured,

    /// <summary>The signature is missing, wrong, or too old/new: the request did not come from Stripe (or is a replay).</summary>
    Unauthentic,

    /// <summary>
    /// Signed by Stripe but not an event we can read, or a purchase we cannot apply (unknown user, credits out of
    /// bounds); logged and audited, nothing granted.
    /// </summary>
    Unprocessable,

    /// <summary>An event type DevBot does not act on; acknowledged so Stripe stops sending it.</summary>
    Ignored,

    Granted,

    /// <summary>This event (or another for the same payment) was already credited; nothing more was granted.</summary>
    AlreadyGranted,
}

public sealed record WebhookResult(WebhookStatus Status, string Message);

/// <summary>
/// Handles Stripe's signed webhook deliveries: verifies the signature, then credits the user named by the Checkout
/// Session's <c>client_reference_id</c> with the credits in its metadata, exactly once per event and payment.
/// </summary>
public sealed class StripeWebhook(
    DevBotDbContext db,
    UserAccounts users,
    CreditLedger ledger,
    PausedBuilds pausedBuilds,
    AuditTrail audit,
    TimeProvider time,
    IOptions<StripeOptions> options,
    ILogger<StripeWebhook> logger)
{
    public const string RefusedAction = "stripe.event_refused";

    /// <summary>Stripe's ids are short ASCII; anything longer or with control characters is not one of them.</summary>
    private const int MaxIdLength = 255;

    public async Task<WebhookResult> HandleAsync(ReadOnlyMemory<byte> body, string? signatureHeader, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WebhookSecret))
        {
            return new WebhookResult(WebhookStatus.NotConfigured, "Stripe webhooks are not configured on this DevBot (STRIPE_WEBHOOK_SECRET is not set).");
        }

        var check = StripeSignature.Verify(signatureHeader, body.Span, settings.WebhookSecret, time.GetUtcNow(), TimeSpan.FromSeconds(settings.WebhookToleranceSeconds));
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Refused a Stripe webhook delivery: {Check}", check);
            return new WebhookResult(WebhookStatus.Unauthentic, check switch
            {
                SignatureCheck.MissingHeader => "The Stripe-Signature header is missing.",
                SignatureCheck.MalformedHeader => "The Stripe-Signature header is malformed.",
                SignatureCheck.TimestampOutsideTolerance => "The signature's timestamp is outside the allowed tolerance.",
                _ => "No signature in the Stripe-Signature header matches the payload.",
            });
        }

        StripeEvent? stripeEvent;
        try
        {
            stripeEvent = StripeEvent.Parse(body.Span);
        }
        catch (JsonException)
        {
            stripeEvent = null;
        }

        if (stripeEvent is null)
        {
            return await RefuseAsync(null, null, "The payload is not a Stripe event.", cancellationToken);
        }

        if (!IsId(stripeEvent.Id) || !IsId(stripeEvent.Type) || (stripeEvent.SessionId.Length > 0 && !IsId(stripeEvent.SessionId)))
        {
            return await RefuseAsync(null, null, "The event's id, type or session id is not a Stripe identifier.", cancellationToken);
        }

        if (stripeEvent.Type is not ("checkout.session.completed" or "checkout.session.async_payment_succeeded"))
        {
            return new WebhookResult(WebhookStatus.Ignored, $"Event type {stripeEvent.Type} needs no action.");
        }

        // A completed session paid by a delayed method (bank debit) is still unpaid: its async_payment_succeeded grants.
        if (stripeEvent.PaymentStatus is not ("paid" or "no_payment_required"))
        {
            return new WebhookResult(WebhookStatus.Ignored, $"Checkout session {stripeEvent.SessionId} is not paid yet ({stripeEvent.PaymentStatus}).");
        }

        if (stripeEvent.SessionId.Length == 0)
        {
            return await RefuseAsync(stripeEvent, null, "The event carries no checkout session.", cancellationToken);
        }

        return await GrantAsync(stripeEvent, cancellationToken);
    }

    private async Task<WebhookResult> GrantAsync(StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(stripeEvent.ClientReferenceId, out var userId) || await users.FindAsync(userId, cancellationToken) is null)
        {
            return await RefuseAsync(stripeEvent, null, $"Checkout session {stripeEvent.SessionId} names no known user in client_reference_id.", cancellationToken);
        }

        // The same bounds as an administrator's grant: a signed event is Stripe's word for what was paid, not for
        // how many credits that is worth beyond any pack (and 10^28 credits do not fit the ledger at all).
        if (!decimal.TryParse(stripeEvent.Credits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var credits)
            || credits <= 0 || !CreditLedger.IsValidChange(credits))
        {
            return await RefuseAsync(stripeEvent, userId,
                $"Checkout session {stripeEvent.SessionId} has no valid 'credits' metadata: a purchase is 0.000001 to {CreditFormat.Show(CreditLedger.MaxCreditsPerChange)} credits.",
                cancellationToken);
        }

        if (stripeEvent.Pack is { } pack && (pack.Length > 100 || UserText.Problem(pack, "pack", multiline: false) is not null))
        {
            return await RefuseAsync(stripeEvent, userId, $"Checkout session {stripeEvent.SessionId} has an invalid 'pack' metadata.", cancellationToken);
        }

        var paid = stripeEvent.AmountTotal is { } amount && stripeEvent.Currency is { } currency
            ? $", {CreditPurchases.FormatPrice(amount, currency)}"
            : string.Empty;
        var record = await ledger.RecordPurchaseAsync(
            new Purchase(userId, credits, stripeEvent.SessionId, stripeEvent.Id, $"Stripe purchase: {stripeEvent.Pack ?? "credits"} ({CreditFormat.Show(credits)} credits{paid})"),
            Actor.Stripe,
            cancellationToken);
        if (!record.Granted)
        {
            return new WebhookResult(WebhookStatus.AlreadyGranted, $"Event {stripeEvent.Id} (session {stripeEvent.SessionId}) was already credited.");
        }

        logger.LogInformation("Stripe event {EventId}: {Credits} credits granted to {UserId}", stripeEvent.Id, credits, userId);
        await pausedBuilds.ResumeAfterTopUpAsync(userId, cancellationToken);
        return new WebhookResult(WebhookStatus.Granted, $"{CreditFormat.Show(credits)} credits granted.");
    }

    /// <summary>A signed event that cannot be applied: logged, audited, answered 4xx; nothing is granted.</summary>
    private async Task<WebhookResult> RefuseAsync(StripeEvent? stripeEvent, Guid? userId, string reason, CancellationToken cancellationToken)
    {
        logger.LogError("Refused a signed Stripe event {EventId} (session {SessionId}): {Reason}", stripeEvent?.Id, stripeEvent?.SessionId, reason);
        audit.Add(db, Actor.Stripe, RefusedAction, new { eventId = stripeEvent?.Id, type = stripeEvent?.Type, sessionId = stripeEvent?.SessionId, reason }, userId);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookResult(WebhookStatus.Unprocessable, reason);
    }

    private static bool IsId(string text) => text.Length is > 0 and <= MaxIdLength && UserText.Problem(text, "id", multiline: false) is null;
}

/// <summary>The parts of a Stripe event (and its Checkout Session object) that a purchase needs.</summary>
internal sealed record StripeEvent(
    string Id,
    string Type,
    string SessionId,
    string? ClientReferenceId,
    string? PaymentStatus,
    string? Credits,
    string? Pack,
    long? AmountTotal,
    string? Currency)
{
    public static StripeEvent? Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || Text(root, "id") is not { } id || Text(root, "type") is not { } type)
        {
            return null;
        }

        var session = Child(Child(root, "data"), "object");
        var metadata = Child(session, "metadata");
        return new StripeEvent(
            id,
            type,
            Text(session, "id") ?? string.Empty,
            Text(session, "client_reference_id"),
            Text(session, "payment_status"),
            Text(metadata, "credits"),
            Text(metadata, "pack"),
            Child(session, "amount_total") is { ValueKind: JsonValueKind.Number } total && total.TryGetInt64(out var cents) ? cents : null,
            Text(session, "currency"));
    }

    /// <summary>The named property of an object, or an undefined element (which every lookup here treats as absent).</summary>
    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
