using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DevBot.Shared;

/// <summary>Where a page of a newest-first list ended: the last item's creation time and id (the list's order).</summary>
public readonly record struct PagePosition(DateTime CreatedAt, Guid Id);

/// <summary>
/// Opaque cursors for keyset paging: the position of the last item shown, with a check value bound to the list it
/// came from (the scope: e.g. whose projects, which filters). A mistyped, truncated or edited cursor, or one from
/// another list, fails the check and is refused with 400. The check is not a secret (cursors must survive restarts
/// and work on every node), so a cursor can be forged — but it only ever pages within the caller's own results.
/// </summary>
public static class PageCursor
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 16;
    private const int CheckLength = 8;

    public static string Encode(string scope, PagePosition position)
    {
        Span<byte> bytes = stackalloc byte[PayloadLength + CheckLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..9], position.CreatedAt.Ticks);
        position.Id.TryWriteBytes(bytes[9..PayloadLength], bigEndian: true, out _);
        Check(scope, bytes[..PayloadLength], bytes[PayloadLength..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string scope, string cursor, out PagePosition position)
    {
        position = default;
        if (cursor.Length is 0 or > 64)
        {
            return false;
        }

        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var length) || length != PayloadLength + CheckLength || bytes[0] != Version)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[CheckLength];
        Check(scope, bytes[..PayloadLength], expected);
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..9]);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[PayloadLength..length]) || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        position = new PagePosition(new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[9..PayloadLength], bigEndian: true));
        return true;
    }

    private static void Check(string scope, ReadOnlySpan<byte> payload, Span<byte> check)
    {
        var scoped = new byte[Encoding.UTF8.GetByteCount(scope) + 1 + payload.Length];
        var written = Encoding.UTF8.GetBytes(scope, scoped);
        payload.CopyTo(scoped.AsSpan(written + 1));
        SHA256.HashData(scoped)[..CheckLength].CopyTo(check);
    }
}
