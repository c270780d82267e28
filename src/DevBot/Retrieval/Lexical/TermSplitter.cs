namespace DevBot.Retrieval.Lexical;

/// <summary>
/// Turns code and prose into search terms: identifiers are split on snake_case, camelCase, PascalCase and
/// acronym boundaries (<c>parseHTTPHeader</c> → parse, http, header, plus the whole <c>parsehttpheader</c>),
/// lowercased, with a light plural stemmer and English stop words dropped. Queries and chunks use the same
/// splitter, so "user service" finds <c>UserService</c> and <c>user_service</c>.
/// </summary>
internal static class TermSplitter
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "an", "of", "to", "and", "or", "in", "on", "for", "with", "is", "it", "be", "as", "at", "by", "this",
        "that", "from", "are", "was", "were", "which", "when", "where", "what", "how", "should", "must", "can", "will",
        "into", "its", "has", "have", "do", "does", "so", "if", "then", "than", "all", "any", "each", "use", "used",
        "using", "we", "you", "our", "your", "their", "them", "there", "these", "those", "also", "but", "not", "no",
    };

    /// <summary>Calls <paramref name="onTerm"/> for every term occurrence in <paramref name="text"/>.</summary>
    public static void ForEachTerm(ReadOnlySpan<char> text, Action<string> onTerm)
    {
        var i = 0;
        Span<int> boundaries = stackalloc int[64];
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            EmitWord(text[start..i], boundaries, onTerm);
        }
    }

    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        ForEachTerm(text, terms.Add);
        return terms;
    }

    /// <summary>Term frequencies of a text, in first-seen order.</summary>
    public static Dictionary<string, int> Frequencies(string text, Dictionary<string, int>? into = null)
    {
        var frequencies = into ?? new Dictionary<string, int>(StringComparer.Ordinal);
        ForEachTerm(text, term => frequencies[term] = frequencies.GetValueOrDefault(term) + 1);
        return frequencies;
    }

    private static void EmitWord(ReadOnlySpan<char> word, Span<int> bounds, Action<string> onTerm)
    {
        if (word.Length > 64)
        {
            return; // Hashes, base64, minified code: noise.
        }

        var parts = 0;
        var partStart = -1;
        for (var k = 0; k <= word.Length; k++)
        {
            var atEnd = k == word.Length;
            var c = atEnd ? '_' : word[k];
            var split = c == '_' || (partStart >= 0 && k > partStart && IsBoundary(word, k));
            if (split && partStart >= 0)
            {
                if (parts < bounds.Length / 2)
                {
                    bounds[parts * 2] = partStart;
                    bounds[parts * 2 + 1] = k;
                    parts++;
                }

                partStart = -1;
            }

            if (!atEnd && c != '_' && partStart < 0)
            {
                partStart = k;
            }
        }

        var emitted = 0;
        for (var p = 0; p < parts; p++)
        {
            var part = word[bounds[p * 2]..bounds[p * 2 + 1]];
            if (part.Length < 2 || !char.IsLetter(part[0]))
            {
                continue; // One letter, or a number: no meaning for search.
            }

            var term = Stem(part.ToString().ToLowerInvariant());
            if (!StopWords.Contains(term))
            {
                onTerm(term);
                emitted++;
            }
        }

        if (parts > 1 && emitted > 0)
        {
            var whole = word.ToString().Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            if (whole.Length > 2)
            {
                onTerm(whole);
            }
        }
    }

    private static bool IsBoundary(ReadOnlySpan<char> word, int k)
    {
        var previous = word[k - 1];
        var current = word[k];
        if (char.IsLower(previous) && char.IsUpper(current))
        {
            return true; // camelCase
        }

        if (char.IsUpper(previous) && char.IsUpper(current) && k + 1 < word.Length && char.IsLower(word[k + 1]))
        {
            return true; // HTTPServer → HTTP | Server
        }

        return char.IsDigit(previous) != char.IsDigit(current) && char.IsLetterOrDigit(previous) && char.IsLetterOrDigit(current);
    }

    /// <summary>Plural and third-person "s" only: users → user, entries → entry; class, status and bus stay.</summary>
    private static string Stem(string term)
    {
        if (term.Length > 4 && term.EndsWith("ies", StringComparison.Ordinal))
        {
            return term[..^3] + "y";
        }

        if (term.Length > 3 && term[^1] == 's' && term[^2] is not ('s' or 'u' or 'i'))
        {
            return term[..^1];
        }

        return term;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
