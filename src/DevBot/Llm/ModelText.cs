using System.Text;

namespace DevBot.Llm;

/// <summary>Model output is hostile input: what is stored and used must be text every database can hold.</summary>
internal static class ModelText
{
    /// <summary>
    /// Removes U+0000 (PostgreSQL text cannot hold it, so the answer could never be stored and the same call would be
    /// paid for again and again) and replaces unpaired surrogates (not valid UTF-8) with U+FFFD. The stored answer is
    /// the one used, so SQLite and PostgreSQL builds see the same text.
    /// </summary>
    public static string Sanitize(string text)
    {
        if (!NeedsCleaning(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsCleaning(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
