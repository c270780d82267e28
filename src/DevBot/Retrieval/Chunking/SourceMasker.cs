namespace DevBot.Retrieval.Chunking;

/// <summary>
/// Blanks comments and string/character literals (newlines kept, so offsets and line numbers stay valid).
/// What is left is code only: braces, parentheses and identifiers in it are real, never the ones inside a
/// string like <c>"{id}"</c> or a comment like <c>// closes }</c>.
/// </summary>
internal sealed class SourceMasker
{
    private static readonly HashSet<string> WordsBeforeRegex = new(StringComparer.Ordinal)
    {
        "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await", "instanceof",
    };

    private readonly string _source;
    private readonly char[] _masked;
    private readonly SourceLanguage _language;
    private int _i;

    private SourceMasker(string source, SourceLanguage language)
    {
        _source = source;
        _masked = source.ToCharArray();
        _language = language;
    }

    public static string Mask(string source, SourceLanguage language)
    {
        var masker = new SourceMasker(source, language);
        if (language == SourceLanguage.Python)
        {
            masker.ScanPython();
        }
        else if (language.IsBraceLanguage())
        {
            masker.ScanCode(inHole: false);
        }

        return new string(masker._masked);
    }

    private char At(int index) => index >= 0 && index < _source.Length ? _source[index] : '\0';

    private void Blank(int from, int to)
    {
        for (var k = from; k < to && k < _masked.Length; k++)
        {
            if (_masked[k] is not ('\n' or '\r'))
            {
                _masked[k] = ' ';
            }
        }
    }

    private void SkipLine()
    {
        var start = _i;
        while (_i < _source.Length && _source[_i] != '\n')
        {
            _i++;
        }

        Blank(start, _i);
    }

    /// <summary>Scans code; inside an interpolation hole it returns after the hole's closing brace.</summary>
    private void ScanCode(bool inHole)
    {
        var depth = 0;
        while (_i < _source.Length)
        {
            var c = _source[_i];
            if (c == '/' && At(_i + 1) == '/')
            {
                SkipLine();
                continue;
            }

            if (c == '/' && At(_i + 1) == '*')
            {
                var start = _i;
                var end = _source.IndexOf("*/", _i + 2, StringComparison.Ordinal);
                _i = end < 0 ? _source.Length : end + 2;
                Blank(start, _i);
                continue;
            }

            if (_language == SourceLanguage.CSharp && c == '#' && AtLineStart(_i))
            {
                SkipLine(); // #region, #if: not code structure.
                continue;
            }

            if (TryScanLiteral())
            {
                continue;
            }

            if (inHole)
            {
                if (c == '{')
                {
                    depth++;
                }
                else if (c == '}')
                {
                    if (depth == 0)
                    {
                        _i++;
                        return;
                    }

                    depth--;
                }
            }

            _i++;
        }
    }

    private bool AtLineStart(int index)
    {
        for (var k = index - 1; k >= 0; k--)
        {
            if (_source[k] == '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(_source[k]))
            {
                return false;
            }
        }

        return true;
    }

    private bool TryScanLiteral()
    {
        var start = _i;
        var c = _source[_i];
        switch (_language)
        {
            case SourceLanguage.CSharp:
                return TryScanCSharpString(start);
            case SourceLanguage.Java:
                if (c == '"' && At(_i + 1) == '"' && At(_i + 2) == '"')
                {
                    var end = _source.IndexOf("\"\"\"", _i + 3, StringComparison.Ordinal);
                    _i = end < 0 ? _source.Length : end + 3;
                    Blank(start, _i);
                    return true;
                }

                return TryScanQuoted('"') || TryScanQuoted('\'');
            case SourceLanguage.Go:
                if (c == '`')
                {
                    var end = _source.IndexOf('`', _i + 1);
                    _i = end < 0 ? _source.Length : end + 1;
                    Blank(start, _i);
                    return true;
                }

                return TryScanQuoted('"') || TryScanQuoted('\'');
            case SourceLanguage.JavaScript or SourceLanguage.TypeScript:
                if (c == '`')
                {
                    ScanTemplate();
                    Blank(start, _i);
                    return true;
                }

                return TryScanQuoted('"') || TryScanQuoted('\'') || TryScanRegex();
            default:
                return false;
        }
    }

    /// <summary>A one-line literal with backslash escapes; an unterminated one ends at the line's end.</summary>
    private bool TryScanQuoted(char quote)
    {
        if (_source[_i] != quote)
        {
            return false;
        }

        var start = _i;
        _i++;
        while (_i < _source.Length && _source[_i] != quote && _source[_i] != '\n')
        {
            _i += _source[_i] == '\\' ? 2 : 1;
        }

        _i = Math.Min(_source.Length, _i + 1);
        Blank(start, _i);
        return true;
    }

    private bool TryScanCSharpString(int start)
    {
        var k = _i;
        var dollars = 0;
        var verbatim = false;
        while (k < _source.Length && (_source[k] == '$' || _source[k] == '@'))
        {
            if (_source[k] == '$')
            {
                dollars++;
            }
            else
            {
                verbatim = true;
            }

            k++;
        }

        if (At(k) == '\'' && k == _i)
        {
            return TryScanQuoted('\'');
        }

        if (At(k) != '"' || k - _i > 3)
        {
            return false;
        }

        var quotes = 0;
        while (At(k + quotes) == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            // Raw string literal: ends at a run of at least as many quotes.
            var close = new string('"', quotes);
            var end = _source.IndexOf(close, k + quotes, StringComparison.Ordinal);
            _i = end < 0 ? _source.Length : end + quotes;
            while (At(_i) == '"')
            {
                _i++;
            }

            Blank(start, _i);
            return true;
        }

        _i = k + 1;
        while (_i < _source.Length)
        {
            var c = _source[_i];
            if (c == '"')
            {
                if (verbatim && At(_i + 1) == '"')
                {
                    _i += 2;
                    continue;
                }

                _i++;
                break;
            }

            if (!verbatim && c == '\\')
            {
                _i += 2;
                continue;
            }

            if (!verbatim && c == '\n')
            {
                break;
            }

            if (dollars > 0 && c == '{')
            {
                if (At(_i + 1) == '{')
                {
                    _i += 2;
                    continue;
                }

                _i++;
                ScanCode(inHole: true);
                continue;
            }

            _i++;
        }

        Blank(start, _i);
        return true;
    }

    private void ScanTemplate()
    {
        _i++;
        while (_i < _source.Length)
        {
            var c = _source[_i];
            if (c == '\\')
            {
                _i += 2;
                continue;
            }

            if (c == '`')
            {
                _i++;
                return;
            }

            if (c == '$' && At(_i + 1) == '{')
            {
                _i += 2;
                ScanCode(inHole: true);
                continue;
            }

            _i++;
        }
    }

    /// <summary>A JavaScript regex literal, told apart from division by what precedes the slash.</summary>
    private bool TryScanRegex()
    {
        if (_source[_i] != '/' || !RegexMayStartHere())
        {
            return false;
        }

        var k = _i + 1;
        var inClass = false;
        while (k < _source.Length && _source[k] != '\n')
        {
            var c = _source[k];
            if (c == '\\')
            {
                k += 2;
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (c == '/' && !inClass)
            {
                k++;
                while (k < _source.Length && char.IsAsciiLetter(_source[k]))
                {
                    k++;
                }

                Blank(_i, k);
                _i = k;
                return true;
            }

            k++;
        }

        return false; // No closing slash on the line: it was a division.
    }

    private bool RegexMayStartHere()
    {
        var k = _i - 1;
        while (k >= 0 && char.IsWhiteSpace(_masked[k]))
        {
            k--;
        }

        if (k < 0)
        {
            return true;
        }

        var previous = _masked[k];
        if ("(,=:[!&|?{};+-*%<>~^".Contains(previous, StringComparison.Ordinal))
        {
            return true;
        }

        if (!char.IsAsciiLetter(previous))
        {
            return false;
        }

        var end = k + 1;
        while (k >= 0 && (char.IsAsciiLetterOrDigit(_masked[k]) || _masked[k] is '_' or '$'))
        {
            k--;
        }

        return WordsBeforeRegex.Contains(new string(_masked, k + 1, end - k - 1));
    }

    private void ScanPython()
    {
        while (_i < _source.Length)
        {
            var c = _source[_i];
            if (c == '#')
            {
                SkipLine();
                continue;
            }

            if (c is '"' or '\'' && !IsIdentifierChar(At(_i - 1)))
            {
                ScanPythonString(_i, _i);
                continue;
            }

            if (char.IsAsciiLetter(c) && !IsIdentifierChar(At(_i - 1)))
            {
                // String prefixes: r, b, u, f and their pairs (rb, fr, ...), any case.
                var k = _i;
                while (k < _source.Length && k - _i < 2 && "rRbBuUfF".Contains(_source[k], StringComparison.Ordinal))
                {
                    k++;
                }

                if (k > _i && At(k) is '"' or '\'')
                {
                    ScanPythonString(_i, k);
                    continue;
                }

                while (_i < _source.Length && IsIdentifierChar(_source[_i]))
                {
                    _i++;
                }

                continue;
            }

            _i++;
        }
    }

    private void ScanPythonString(int start, int quoteAt)
    {
        var quote = _source[quoteAt];
        var triple = At(quoteAt + 1) == quote && At(quoteAt + 2) == quote;
        _i = quoteAt + (triple ? 3 : 1);
        while (_i < _source.Length)
        {
            var c = _source[_i];
            if (c == '\\')
            {
                _i += 2;
                continue;
            }

            if (c == quote)
            {
                if (!triple)
                {
                    _i++;
                    break;
                }

                if (At(_i + 1) == quote && At(_i + 2) == quote)
                {
                    _i += 3;
                    break;
                }
            }
            else if (c == '\n' && !triple)
            {
                break;
            }

            _i++;
        }

        _i = Math.Min(_i, _source.Length);
        Blank(start, _i);
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127 && char.IsLetterOrDigit(c);
}
