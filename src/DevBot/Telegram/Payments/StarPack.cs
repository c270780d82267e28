using System.Globalization;
using DevBot.Billing;

namespace DevBot.Telegram.Payments;

/// <summary>A pack of credits sold inside the bot for Telegram Stars (currency XTR, whole stars).</summary>
internal sealed record StarPack(string Name, decimal Credits, int Stars)
{
    /// <summary>Telegram's currency code for Stars.</summary>
    public const string Currency = "XTR";

    /// <summary>Parses <c>name:credits:stars</c> items separated by commas (the <c>TELEGRAM_STARS_PACKS</c> format); empty sells nothing.</summary>
    public static IReadOnlyList<StarPack> ParseList(string? text)
    {
        var packs = new List<StarPack>();
        foreach (var item in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 3
                || !IsName(parts[0])
                || !decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var credits)
                || credits <= 0 || credits > 1_000_000_000m || CreditMath.RoundCredits(credits) != credits
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var stars)
                || stars is < 1 or > 100_000)
            {
                throw new FormatException(
                    $"TELEGRAM_STARS_PACKS item '{item}' is not 'name:credits:stars' (a name of letters, digits, - or _; e.g. 'starter:500:250' = 500 credits for 250 Stars).");
            }

            if (packs.Any(p => string.Equals(p.Name, parts[0], StringComparison.OrdinalIgnoreCase)))
            {
                throw new FormatException($"TELEGRAM_STARS_PACKS names the pack '{parts[0]}' twice.");
            }

            packs.Add(new StarPack(parts[0], credits, stars));
        }

        return packs;
    }

    /// <summary>Names go into callback data and invoice payloads (both short, colon-separated): keep them plain.</summary>
    private static bool IsName(string name) =>
        name.Length is > 0 and <= 24 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
