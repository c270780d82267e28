using System.Text;

namespace DevBot.Telegram.BotApi;

/// <summary>
/// Text for the Bot API's HTML parse mode. HTML is chosen over MarkdownV2 because only three characters
/// need escaping (MarkdownV2 has eighteen), so user text and generated code can never break a message.
/// </summary>
internal static class TelegramHtml
{
    /// <summary>Telegram's limit on a message's text, counted after entities are parsed.</summary>
    public const int MessageLimit = 4096;

    /// <summary>Telegram's limit on a document's caption.</summary>
    public const int CaptionLimit = 1024;

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    public static string Bold(string text) => $"<b>{Escape(text)}</b>";

    public static string Italic(string text) => $"<i>{Escape(text)}</i>";

    public static string Code(string text) => $"<code>{Escape(text)}</code>";

    public static string Link(string text, Uri url) => $"<a href=\"{Escape(url.AbsoluteUri)}\">{Escape(text)}</a>";

    /// <summary>The words without the formatting: tags dropped, entities decoded.</summary>
    public static string ToPlainText(string html) =>
        System.Net.WebUtility.HtmlDecode(string.Concat(HtmlSplitter.Tokenize(html).Where(t => t.Kind == HtmlSplitter.TokenKind.Text).Select(t => t.Raw)));

    /// <summary>How many characters Telegram counts for this HTML (tags are free, an entity is one).</summary>
    public static int VisibleLength(string html) => HtmlSplitter.Tokenize(html).Sum(t => t.Visible);

    /// <summary>Splits HTML into messages Telegram accepts, at line breaks where possible, keeping tags balanced.</summary>
    public static IReadOnlyList<string> Split(string html, int limit = MessageLimit) => HtmlSplitter.Split(html, limit);

    /// <summary>The HTML cut to <paramref name="limit"/> visible characters (with an ellipsis when cut).</summary>
    public static string Truncate(string html, int limit)
    {
        var parts = HtmlSplitter.Split(html, limit - 1);
        return parts.Count switch
        {
            0 => string.Empty,
            1 => parts[0],
            _ => parts[0].TrimEnd() + "…",
        };
    }
}
