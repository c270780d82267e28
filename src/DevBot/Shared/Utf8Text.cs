using System.Text;

namespace DevBot.Shared;

/// <summary>Size limits are in UTF-8 bytes (what a file or a column really holds), and text is only ever cut between characters.</summary>
public static class Utf8Text
{
    /// <summary>
    /// <paramref name="text"/> within <paramref name="maxBytes"/> UTF-8 bytes: unchanged when it fits, else cut after the last
    /// whole line that fits (or, when even the first line does not, after the last whole character — never inside a
    /// surrogate pair).
    /// </summary>
    public static string Truncate(string text, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var lastCharEnd = 0;
        var lastLineEnd = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            i += width - 1;
            lastCharEnd = i + 1;
            if (text[i] == '\n')
            {
                lastLineEnd = i + 1;
            }
        }

        return text[..(lastLineEnd > 0 ? lastLineEnd : lastCharEnd)];
    }
}
