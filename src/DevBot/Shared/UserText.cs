namespace DevBot.Shared;

/// <summary>
/// Checks text a person sent before anything stores it. PostgreSQL cannot store U+0000 at all (SQLite can, so the
/// two would disagree), and control characters or a broken surrogate pair in a name or a description are never
/// meant: they are refused with a sentence that says where, rather than stored or failing later.
/// </summary>
public static class UserText
{
    /// <summary>Null when the text is fine; else one sentence naming the field, the character and its position.</summary>
    /// <param name="multiline">Whether line breaks and tabs are allowed (a description) or not (a name, a title).</param>
    public static string? Problem(string text, string field, bool multiline)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return $"The {field} contains an invalid character (U+{(int)c:X4}) at position {i + 1}; send valid UTF-8 text.";
            }

            if (c == '\0')
            {
                return $"The {field} contains a NUL character (U+0000) at position {i + 1}; remove it.";
            }

            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return $"The {field} contains a control character (U+{(int)c:X4}) at position {i + 1}; remove it.";
            }
        }

        return null;
    }
}
