using System.Text;

namespace DevBot.Telegram.BotApi;

/// <summary>
/// Cuts Telegram HTML into pieces of at most N visible characters. A cut prefers the last line break, then the
/// last space, inside the limit; tags open at a cut are closed at the end of one piece and reopened at the start
/// of the next, so each piece parses on its own.
/// </summary>
internal static class HtmlSplitter
{
    internal enum TokenKind
    {
        Text,
        OpenTag,
        CloseTag,
    }

    internal readonly record struct Token(TokenKind Kind, string Raw, int Visible, string? TagName);

    public static IReadOnlyList<string> Split(string html, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var tokens = Tokenize(html);
        var pieces = new List<string>();
        var open = new List<Token>();
        var start = 0;
        while (start < tokens.Count)
        {
            var (cut, next, openAtCut) = FindCut(tokens, start, open, limit);
            var piece = new StringBuilder();
            foreach (var tag in open)
            {
                piece.Append(tag.Raw);
            }

            var visible = 0;
            for (var i = start; i < cut; i++)
            {
                piece.Append(tokens[i].Raw);
                visible += tokens[i].Visible;
            }

            for (var i = openAtCut.Count - 1; i >= 0; i--)
            {
                piece.Append("</").Append(openAtCut[i].TagName).Append('>');
            }

            if (visible > 0 && piece.ToString().Trim().Length > 0)
            {
                pieces.Add(piece.ToString());
            }

            open = openAtCut;
            start = next;
        }

        return pieces;
    }

    /// <summary>Where this piece ends, where the next begins (a line break or space cut at is dropped), and the tags open there.</summary>
    private static (int Cut, int Next, List<Token> OpenAtCut) FindCut(List<Token> tokens, int start, List<Token> open, int limit)
    {
        var stack = new List<Token>(open);
        var visible = 0;
        (int Cut, int Next, List<Token> Open)? lastNewline = null;
        (int Cut, int Next, List<Token> Open)? lastSpace = null;
        var newlineVisible = 0;
        var i = start;
        for (; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (visible + token.Visible > limit)
            {
                break;
            }

            visible += token.Visible;
            Apply(stack, token);
            if (token.Kind == TokenKind.Text && token.Raw == "\n")
            {
                lastNewline = (i, i + 1, new List<Token>(stack));
                newlineVisible = visible;
            }
            else if (token.Kind == TokenKind.Text && token.Raw == " ")
            {
                lastSpace = (i, i + 1, new List<Token>(stack));
            }
        }

        if (i == tokens.Count)
        {
            return (i, i, stack);
        }

        // A line break is the nicer cut, unless it would leave this piece less than half full.
        if (lastNewline is { } newline && (newlineVisible >= limit / 2 || lastSpace is null))
        {
            return newline;
        }

        if (lastSpace is { } space)
        {
            return space;
        }

        // One unbroken run longer than the limit: cut it hard (never inside a character, tokens are whole characters).
        if (i == start)
        {
            // A single token wider than the limit (only possible with a tiny limit): it goes alone.
            Apply(stack, tokens[i]);
            return (i + 1, i + 1, stack);
        }

        return (i, i, stack);
    }

    private static void Apply(List<Token> stack, Token token)
    {
        if (token.Kind == TokenKind.OpenTag)
        {
            stack.Add(token);
        }
        else if (token.Kind == TokenKind.CloseTag)
        {
            var index = stack.FindLastIndex(t => t.TagName == token.TagName);
            if (index >= 0)
            {
                stack.RemoveAt(index);
            }
        }
    }

    internal static List<Token> Tokenize(string html)
    {
        var tokens = new List<Token>(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<' && html.IndexOf('>', i) is var end and > 0)
            {
                var raw = html[i..(end + 1)];
                var closing = raw.StartsWith("</", StringComparison.Ordinal);
                var name = TagName(raw, closing);
                tokens.Add(new Token(closing ? TokenKind.CloseTag : TokenKind.OpenTag, raw, 0, name));
                i = end + 1;
            }
            else if (c == '&' && html.IndexOf(';', i) is var semicolon and > 0 && semicolon - i <= 10)
            {
                tokens.Add(new Token(TokenKind.Text, html[i..(semicolon + 1)], 1, null));
                i = semicolon + 1;
            }
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < html.Length && char.IsLowSurrogate(html[i + 1]) ? 2 : 1;
                tokens.Add(new Token(TokenKind.Text, html.Substring(i, length), length, null));
                i += length;
            }
        }

        return tokens;
    }

    private static string TagName(string raw, bool closing)
    {
        var from = closing ? 2 : 1;
        var to = from;
        while (to < raw.Length && (char.IsLetterOrDigit(raw[to]) || raw[to] == '-'))
        {
            to++;
        }

        return raw[from..to].ToLowerInvariant();
    }
}
