using System.Globalization;

namespace DevBot.Billing.Stripe;

/// <summary>A pack of credits for sale, priced in the currency's smallest unit (cents).</summary>
internal sealed record CreditPack(string Name, decimal Credits, long PriceCents)
{
    /// <summary>Parses <c>name:credits:price_in_cents</c> items separated by commas (the <c>CREDIT_PACKS</c> format).</summary>
    public static IReadOnlyList<CreditPack> ParseList(string text)
    {
        var packs = new List<CreditPack>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 3
                || parts[0].Length is 0 or > 40
                || !decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var credits)
                || credits <= 0 || CreditMath.RoundCredits(credits) != credits
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var cents)
                || cents <= 0)
            {
                throw new FormatException(
                    $"CREDIT_PACKS item '{item}' is not 'name:credits:price_in_cents' (e.g. 'starter:500:500' = 500 credits for 5.00).");
            }

            if (packs.Any(p => string.Equals(p.Name, parts[0], StringComparison.OrdinalIgnoreCase)))
            {
                throw new FormatException($"CREDIT_PACKS names the pack '{parts[0]}' twice.");
            }

            packs.Add(new CreditPack(parts[0], credits, cents));
        }

        return packs.Count > 0 ? packs : throw new FormatException("CREDIT_PACKS must list at least one pack.");
    }
}
