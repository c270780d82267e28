using System.Text;

namespace DevBot.Verification;

/// <summary>The languages the placeholder detector reads.</summary>
internal enum SourceLanguage
{
    Python,
    JavaScript,
    CSharp,
    Go,
}

/// <summary>
/// One source line split into its code (string literal contents blanked to spaces, comments removed) and its
/// comment text (markers removed), so rules can tell <c># TODO</c> from <c>print("TODO list")</c>.
/// </summary>
internal sealed record SourceLine(int Number, string Text, string Code, string Comment)
{
    public int Indent => Code.Length - Code.TrimStart().Length;

    public bool IsBlank => Code.Trim().Length == 0;
}

/// <summary>
/// A small lexer over lines: strings (Python triple-quoted, JS template literals, C# verbatim and raw strings, Go raw
/// strings may span lines) and comments (#, //, /* */) — enough to tell code from comments and text, not a parser.
/// </summary>
internal static class SourceScanner
{
    public static SourceLanguage? LanguageOf(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".py" or ".pyw" or ".pyi" => SourceLanguage.Python,
            ".js" or ".mjs" or ".cjs" or ".jsx" or ".ts" or ".tsx" or ".mts" or ".cts" => SourceLanguage.JavaScript,
            ".cs" => SourceLanguage.CSharp,
            ".go" => SourceLanguage.Go,
            _ => null,
        };
    }

    public static IReadOnlyList<SourceLine> Scan(string content, SourceLanguage language)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<SourceLine>(lines.Length);
        var state = new State();
        for (var i = 0; i < lines.Length; i++)
        {
            var (code, comment) = language == SourceLanguage.Python ? ScanPython(lines[i], state) : ScanBraces(lines[i], language, state);
            result.Add(new SourceLine(i + 1, lines[i], code, comment));
        }

        return result;
    }

    /// <summary>What carries over from one line to the next: an open multi-line string or block comment.</summary>
    private sealed class State
    {
        public string? OpenString { get; set; }

        public bool InBlockComment { get; set; }
    }

    private static (string Code, string Comment) ScanPython(string line, State state)
    {
        var code = new StringBuilder(line.Length);
        var comment = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            if (state.OpenString is not null)
            {
                i = StepInString(line, i, state, code, escapes: true);
                continue;
            }

            var c = line[i];
            if (c == '#')
            {
                comment.Append(line.AsSpan(i + 1));
                break;
            }

            if (c is '"' or '\'')
            {
                var triple = new string(c, 3);
                var opening = string.CompareOrdinal(line, i, triple, 0, 3) == 0 ? triple : c.ToString();
                code.Append(opening);
                i += opening.Length;
                state.OpenString = opening;
                continue;
            }

            code.Append(c);
            i++;
        }

        // A single-quoted string never spans lines (a missing quote is a syntax error for the compiler to report).
        if (state.OpenString is { Length: 1 })
        {
            state.OpenString = null;
        }

        return (code.ToString(), comment.ToString());
    }

    private static (string Code, string Comment) ScanBraces(string line, SourceLanguage language, State state)
    {
        var code = new StringBuilder(line.Length);
        var comment = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            if (state.InBlockComment)
            {
                var end = line.IndexOf("*/", i, StringComparison.Ordinal);
                comment.Append(end < 0 ? line.AsSpan(i) : line.AsSpan(i, end - i)).Append(' ');
                if (end < 0)
                {
                    break;
                }

                state.InBlockComment = false;
                i = end + 2;
                continue;
            }

            if (state.OpenString is { } quote)
            {
                i = StepInString(line, i, state, code, escapes: quote is not ("@\"" or "\"\"\"" or "`"));
                continue;
            }

            if (string.CompareOrdinal(line, i, "//", 0, 2) == 0)
            {
                comment.Append(line.AsSpan(i + 2));
                break;
            }

            if (string.CompareOrdinal(line, i, "/*", 0, 2) == 0)
            {
                state.InBlockComment = true;
                i += 2;
                continue;
            }

            var opening = Opening(line, i, language);
            if (opening is not null)
            {
                code.Append(opening);
                i += opening.Length;
                state.OpenString = opening;
                continue;
            }

            code.Append(line[i]);
            i++;
        }

        // Only multi-line literals stay open across lines.
        if (state.OpenString is "\"" or "'")
        {
            state.OpenString = null;
        }

        return (code.ToString(), comment.ToString());
    }

    /// <summary>
    /// One step inside an open string literal: an escape pair, a verbatim string's doubled quote, the closing quote (which
    /// closes it), or one character. String contents become spaces in the code. Returns the next index.
    /// </summary>
    private static int StepInString(string line, int i, State state, StringBuilder code, bool escapes)
    {
        var quote = state.OpenString!;
        if ((escapes && line[i] == '\\' && i + 1 < line.Length) || (quote == "@\"" && string.CompareOrdinal(line, i, "\"\"", 0, 2) == 0))
        {
            code.Append("  ");
            return i + 2;
        }

        var closing = quote == "@\"" ? "\"" : quote;
        if (string.CompareOrdinal(line, i, closing, 0, closing.Length) == 0)
        {
            code.Append(closing);
            state.OpenString = null;
            return i + closing.Length;
        }

        code.Append(' ');
        return i + 1;
    }

    private static string? Opening(string line, int i, SourceLanguage language)
    {
        var c = line[i];
        if (language == SourceLanguage.CSharp)
        {
            if (string.CompareOrdinal(line, i, "\"\"\"", 0, 3) == 0)
            {
                return "\"\"\"";
            }

            if (c == '@' && i + 1 < line.Length && line[i + 1] == '"')
            {
                return "@\"";
            }
        }

        return c switch
        {
            '"' => "\"",
            '\'' => "'",
            '`' when language is SourceLanguage.JavaScript or SourceLanguage.Go => "`",
            _ => null,
        };
    }
}
