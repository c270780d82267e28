using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DevBot.Billing.Stripe;

public enum SignatureCheck
{
    Valid,
    MissingHeader,
    MalformedHeader,
    NoMatchingSignature,
    TimestampOutsideTolerance,
}

/// <summary>
/// Stripe's webhook signature scheme (https://docs.stripe.com/webhooks#verify-manually): the
/// <c>Stripe-Signature</c> header is <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;...]</c> (several v1 while a
/// secret is being rolled; other schemes such as v0 are ignored); each v1 is HMAC-SHA256, keyed with the
/// endpoint's signing secret, of <c>{t}.{raw body}</c>. A match must be found in constant time, and t must be
/// within the tolerance of now, in either direction, so a captured delivery cannot be replayed later.
/// </summary>
internal static class StripeSignature
{
    public static SignatureCheck Verify(string? header, ReadOnlySpan<byte> payload, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.MissingHeader;
        }

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var item in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var separator = item.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return SignatureCheck.MalformedHeader;
            }

            var (key, value) = (item[..separator], item[(separator + 1)..]);
            if (key == "t")
            {
                timestamp ??= value;
            }
            else if (key == "v1")
            {
                signatures.Add(value);
            }
        }

        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SignatureCheck.MalformedHeader;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(secret, timestamp, payload, expected);
        Span<byte> candidate = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var matched = false;
        foreach (var signature in signatures)
        {
            // Every candidate is compared, and each comparison takes the same time wherever the bytes differ.
            if (signature.Length == candidate.Length * 2
                && Convert.FromHexString(signature, candidate, out _, out _) == System.Buffers.OperationStatus.Done)
            {
                matched |= CryptographicOperations.FixedTimeEquals(candidate, expected);
            }
        }

        if (!matched)
        {
            return SignatureCheck.NoMatchingSignature;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() > tolerance ? SignatureCheck.TimestampOutsideTolerance : SignatureCheck.Valid;
    }

    /// <summary>The lowercase hex v1 signature of <paramref name="payload"/> signed at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> payload)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(secret, timestamp, payload, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void Compute(string secret, string timestamp, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + payload.Length];
        prefix.CopyTo(signed, 0);
        payload.CopyTo(signed.AsSpan(prefix.Length));
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed, destination);
    }
}
