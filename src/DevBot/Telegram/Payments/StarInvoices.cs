using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Payments;

/// <summary>What an invoice offered, as its payload says: the pack, its credits and its price in Stars.</summary>
internal sealed record StarOffer(string Pack, decimal Credits, int Stars);

/// <summary>
/// The payload of the bot's Stars invoices: the offer in plain words plus an HMAC over it, keyed by a secret derived
/// from the bot token, so a pre-checkout query or a payment can be checked to come from an invoice this bot made
/// (nothing to store per invoice; a new token voids old invoices). At most 128 bytes, as Telegram requires.
/// </summary>
internal sealed class StarInvoices(IOptions<TelegramOptions> options)
{
    private const string Version = "xtr1";
    private const int SignatureBytes = 12;

    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("devbot-stars-invoice:" + options.Value.BotToken));

    public string PayloadFor(StarPack pack)
    {
        var offer = $"{Version}:{pack.Name}:{pack.Credits.ToString(CultureInfo.InvariantCulture)}:{pack.Stars.ToString(CultureInfo.InvariantCulture)}";
        return $"{offer}:{Sign(offer)}";
    }

    /// <summary>The offer an invoice payload carries, or null when the payload is not one this bot signed.</summary>
    public StarOffer? Read(string? payload)
    {
        var cut = payload?.LastIndexOf(':') ?? -1;
        if (payload is null || cut < 0)
        {
            return null;
        }

        var offer = payload[..cut];
        var expected = Encoding.ASCII.GetBytes(Sign(offer));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(payload[(cut + 1)..])))
        {
            return null;
        }

        var parts = offer.Split(':');
        return parts.Length == 4 && parts[0] == Version
            && decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var credits)
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var stars)
                ? new StarOffer(parts[1], credits, stars)
                : null;
    }

    private string Sign(string offer) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(offer)).AsSpan(0, SignatureBytes));
}
