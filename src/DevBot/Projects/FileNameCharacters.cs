using System.Globalization;
using System.Text;

namespace DevBot.Projects;

/// <summary>
/// Characters a generated file name may not hold because they hide what the name is: invisible format characters,
/// look-alikes of the separators and dots that give a path its meaning (several are also what Windows' "best fit"
/// conversion turns into '/', '\', '.' or ':'), and other junk that has no place in a file name.
/// </summary>
internal static class FileNameCharacters
{
    private static readonly Dictionary<int, char> LookAlikes = BuildLookAlikes();

    private static readonly HashSet<int> Invisible =
    [
        0x034F, // combining grapheme joiner
        0x115F, 0x1160, 0x3164, 0xFFA0, // Hangul fillers: letters that render as nothing
        0x17B4, 0x17B5, // Khmer inherent vowels: invisible
        0x2800, // braille pattern blank
        0xFFFC, // object replacement character
    ];

    /// <summary>Why <paramref name="rune"/> is refused in a file name (a phrase naming the rule), or null.</summary>
    public static string? Refusal(Rune rune)
    {
        if (LookAlikes.TryGetValue(rune.Value, out var original))
        {
            return $"{Describe(rune)}, which looks like '{original}' but is not one (look-alike separators and dots are refused; use the ASCII '{original}')";
        }

        if (Invisible.Contains(rune.Value) || rune.Value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF)
        {
            return $"{Describe(rune)}, an invisible character (names that look alike but differ are refused)";
        }

        if (rune.Value == 0xFFFD)
        {
            return $"{Describe(rune)}, the replacement character left by broken text encoding";
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control => $"{Describe(rune)}, a control character",
            UnicodeCategory.Format => $"{Describe(rune)}, an invisible format character (Unicode category Cf: bidirectional overrides, zero-width characters, byte order marks)",
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => $"{Describe(rune)}, a line break",
            UnicodeCategory.SpaceSeparator when rune.Value != ' ' => $"{Describe(rune)}, a space other than the ASCII space",
            UnicodeCategory.PrivateUse => $"{Describe(rune)}, a private-use character",
            UnicodeCategory.OtherNotAssigned => $"{Describe(rune)}, which is not an assigned Unicode character",
            UnicodeCategory.Surrogate => $"{Describe(rune)}, half of a broken surrogate pair",
            _ => null,
        };
    }

    /// <summary>True when a segment may not begin with this rune: a combining mark would attach to the separator before it.</summary>
    public static bool IsCombining(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Text safe to show in an error: every refused or control character as <c>&lt;U+XXXX&gt;</c>.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (Rune.TryGetRuneAt(text, i, out var rune))
            {
                if (Refusal(rune) is null)
                {
                    builder.Append(text, i, rune.Utf16SequenceLength);
                }
                else
                {
                    builder.Append($"<U+{rune.Value:X4}>");
                }

                i += rune.Utf16SequenceLength - 1;
            }
            else
            {
                builder.Append($"<U+{(int)text[i]:X4}>");
            }
        }

        return builder.ToString();
    }

    private static string Describe(Rune rune) => $"U+{rune.Value:X4}";

    private static Dictionary<int, char> BuildLookAlikes()
    {
        var table = new Dictionary<int, char>();
        void Add(char original, params int[] codePoints)
        {
            foreach (var codePoint in codePoints)
            {
                table.Add(codePoint, original);
            }
        }

        // Slashes: fraction, division, box-drawing and mathematical diagonals, big/fullwidth solidus, CJK strokes,
        // and the combining solidus overlays.
        Add('/', 0x2044, 0x2215, 0x2571, 0x27CB, 0x29F8, 0xFF0F, 0x1735, 0x2F03, 0x3033, 0x31D3, 0x0337, 0x0338);

        // Backslashes: set minus, diagonals, reverse solidus operators, small/fullwidth reverse solidus, the combining
        // overlay, and the yen and won signs Japanese and Korean Windows code pages display (and best-fit) as '\'.
        Add('\\', 0x2216, 0x2572, 0x27CD, 0x29F5, 0x29F9, 0xFE68, 0xFF3C, 0x20E5, 0x00A5, 0x20A9);

        // Dots: leaders and ellipsis, fullwidth/small/ideographic/halfwidth full stops, Syriac, Lisu, Vai and
        // Kharoshthi dots, the musical augmentation dot, and the Arabic-Indic zeros that render as a dot.
        Add('.', 0x2024, 0x2025, 0x2026, 0xFF0E, 0xFE52, 0x3002, 0xFF61, 0x0701, 0x0702, 0xA4F8, 0xA60E, 0x10A50, 0x1D16D, 0x0660, 0x06F0);

        // Colons (a drive or stream separator on Windows): ratio, modifier and triangular colons, small, vertical and
        // fullwidth colons, Armenian full stop, Hebrew sof pasuq.
        Add(':', 0x2236, 0xA789, 0x02D0, 0xFE55, 0xFE13, 0xFF1A, 0x0589, 0x05C3);
        return table;
    }
}
