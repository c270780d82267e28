using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Users;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Stripe;

/// <summary>The start of a purchase: a Stripe payment link, or (mock payments) credits already granted.</summary>
public sealed record PurchaseStart(CreditPack Pack, string? CheckoutUrl, string? SessionId, bool Mock, decimal? Balance, string Message);

/// <summary>Nothing can be bought: neither Stripe (<c>STRIPE_SECRET_KEY</c>) nor mock payments are configured.</summary>
public sealed class PurchasesUnavailableException() : Exception(
    "Buying credits is not set up on this DevBot: the operator must set STRIPE_SECRET_KEY (or MOCK_STRIPE_PAYMENTS=true for local testing).");

public sealed class UnknownPackException(string? name, IEnumerable<CreditPack> packs) : Exception(
    $"There is no credit pack '{name}'. Choose one of: {string.Join(", ", packs.Select(p => p.Name))}.");

/// <summary>Buying credit packs, for every front door (HTTP, Telegram).</summary>
public sealed class CreditPurchases(
    StripeCheckoutClient checkout,
    CreditLedger ledger,
    PausedBuilds pausedBuilds,
    IOptions<StripeOptions> options,
    ILogger<CreditPurchases> logger)
{
    public IReadOnlyList<CreditPack> Packs => options.Value.Packs();

    /// <summary>The pack by name (case-insensitive); the first pack when no name is given.</summary>
    public CreditPack FindPack(string? name)
    {
        var packs = Packs;
        return string.IsNullOrWhiteSpace(name)
            ? packs[0]
            : packs.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)) ?? throw new UnknownPackException(name, packs);
    }

    public async Task<PurchaseStart> StartAsync(Guid userId, string? packName, CancellationToken cancellationToken)
    {
        var pack = FindPack(packName);
        var settings = options.Value;
        if (settings.MockPayments)
        {
            var record = await ledger.RecordPurchaseAsync(new Purchase(
                userId, pack.Credits, $"mock_{Guid.NewGuid():N}", StripeEventId: null,
                $"Mock purchase of the {pack.Name} pack (MOCK_STRIPE_PAYMENTS=true: no payment was taken)"), Actor.MockPayments, cancellationToken);
            logger.LogWarning("Mock purchase: {Credits} credits granted to {UserId} with no payment (MOCK_STRIPE_PAYMENTS=true)", pack.Credits, userId);
            await pausedBuilds.ResumeAfterTopUpAsync(userId, cancellationToken);
            var balance = await ledger.BalanceAsync(userId, cancellationToken);
            return new PurchaseStart(pack, null, null, Mock: true, balance,
                $"Test mode (MOCK_STRIPE_PAYMENTS=true): no payment was taken; {CreditFormat.Show(pack.Credits)} credits were added at once. "
                + $"Balance: {CreditFormat.Show(balance)} credits.");
        }

        if (!settings.CheckoutConfigured)
        {
            throw new PurchasesUnavailableException();
        }

        var session = await checkout.CreateAsync(userId, pack, cancellationToken);
        return new PurchaseStart(pack, session.Url, session.Id, Mock: false, Balance: null,
            $"Pay {FormatPrice(pack.PriceCents, settings.Currency)} for {CreditFormat.Show(pack.Credits)} credits here: {session.Url} "
            + "The credits are added as soon as Stripe confirms the payment.");
    }

    public static string FormatPrice(long cents, string currency) =>
        $"{(cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";
}
