using System.Security.Cryptography;
using System.Text;

namespace DevBot.Projects.Versions;

/// <summary>How DevBot tells text from binary content, and names content: one rule for imports, history and diffs.</summary>
public static class FileContent
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The lower-case hex SHA-256 of the bytes (the name of a blob).</summary>
    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The UTF-8 bytes of a text file, exactly (a byte order mark kept as U+FEFF comes back as its bytes).</summary>
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// The content as text when it is text: valid UTF-8 without NUL characters (what a model can read and edit); null
    /// for anything else, which is kept byte for byte but never indexed or edited.
    /// </summary>
    public static string? TryText(byte[] content)
    {
        if (content.AsSpan().Contains((byte)0))
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
