using System.Globalization;
using System.Text;

namespace DevBot.Shared;

/// <summary>
/// Size limits in UTF-8 bytes, the unit files, databases and HTTP bodies are measured in: a limit counted in .NET
/// characters lets three times as many bytes through for CJK text, and cutting a string at a character index can
/// split a surrogate pair (PostgreSQL refuses the result, SQLite stores U+FFFD).
/// </summary>
public static class Utf8Text
{
    /// <summary>How far back from the cut <see cref="Truncate"/> looks for the start of a grapheme cluster.</summary>
    private const int GraphemeLookBack = 64;

    /// <summary>The UTF-8 length of <paramref name="text"/> (a lone surrogate counts as the 3 bytes of U+FFFD).</summary>
    public static int ByteCount(string text) => Encoding.UTF8.GetByteCount(text);

    public static bool FitsIn(string text, int maxBytes) =>
        text.Length <= maxBytes / 3 || (text.Length <= maxBytes && ByteCount(text) <= maxBytes);

    /// <summary>
    /// The longest start of <paramref name="text"/> whose UTF-8 form fits in <paramref name="maxBytes"/>, cut between
    /// two characters (never inside a surrogate pair, and between grapheme clusters where the cluster at the cut is
    /// short, so an emoji sequence or a letter with its accents stays whole). With
    /// <paramref name="preferLineBoundary"/> the cut moves back to just after the last line break that fits, so a
    /// CRLF and the last line stay whole; without a line break in reach it falls back to the character cut.
    /// </summary>
    public static string Truncate(string text, int maxBytes, bool preferLineBoundary)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (FitsIn(text, maxBytes))
        {
            return text;
        }

        var cut = CharsFitting(text, maxBytes);
        if (preferLineBoundary && cut > 0)
        {
            var lineBreak = text.LastIndexOf('\n', cut - 1, cut);
            if (lineBreak >= 0)
            {
                return text[..(lineBreak + 1)];
            }
        }

        return text[..GraphemeStartAtOrBefore(text, cut)];
    }

    /// <summary>
    /// <paramref name="text"/> in at most <paramref name="maxChars"/> .NET characters: when it is longer, its start cut
    /// between grapheme clusters (never inside a surrogate pair) followed by <paramref name="marker"/>, the whole
    /// within the limit. For display limits counted in characters (titles, messages, log excerpts).
    /// </summary>
    public static string Clip(string text, int maxChars, string marker = "…")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, marker.Length);
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = maxChars - marker.Length;
        if (cut > 0 && char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..GraphemeStartAtOrBefore(text, cut)] + marker;
    }

    /// <summary>How many characters from the start fit in <paramref name="maxBytes"/>, ending on a code point boundary.</summary>
    private static int CharsFitting(string text, int maxBytes)
    {
        var bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            int width, chars;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                (width, chars) = (4, 2);
            }
            else
            {
                (width, chars) = (c < 0x80 ? 1 : c < 0x800 ? 2 : 3, 1);
            }

            if (bytes + width > maxBytes)
            {
                break;
            }

            bytes += width;
            i += chars;
        }

        return i;
    }

    /// <summary>
    /// The last grapheme cluster boundary at or before <paramref name="cut"/>, found by segmenting a short stretch
    /// before it (bounded work); a cluster longer than that stretch (combining-mark junk) is cut at the code point.
    /// </summary>
    private static int GraphemeStartAtOrBefore(string text, int cut)
    {
        if (cut == 0 || cut >= text.Length)
        {
            return cut;
        }

        var start = Math.Max(0, cut - GraphemeLookBack);
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start--;
        }

        var window = text.AsSpan(start, Math.Min(text.Length, cut + GraphemeLookBack) - start);
        var boundary = start;
        var position = 0;
        while (position < window.Length)
        {
            var next = position + StringInfo.GetNextTextElementLength(window[position..]);
            if (start + next > cut)
            {
                break;
            }

            position = next;
            boundary = start + position;
        }

        // The first boundary found may be an artefact of starting mid-cluster; only trust it if it is not the start.
        return boundary > start || start == 0 ? boundary : cut;
    }
}
