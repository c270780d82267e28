using System.Text.RegularExpressions;

namespace DevBot.Tests.Telegram.BotApiStandIn;

/// <summary>
/// Checks text the way the Bot API's HTML parse mode does: only Telegram's tags, properly nested, and every
/// &lt;, &gt; and &amp; outside a tag written as an entity. Answers the visible length (what the 4096 limit counts).
/// </summary>
internal static partial class StandInHtml
{
    private static readonly HashSet<string> Tags =
        ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"];

    /// <summary>The visible text, or an error in Telegram's words ("can't parse entities: ...").</summary>
    public static (string? Text, string? Error) Parse(string html)
    {
        var visible = new System.Text.StringBuilder();
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return (null, $"can't parse entities: unclosed start tag at byte offset {i}");
                }

                var tag = TagPattern().Match(html[i..(end + 1)]);
                if (!tag.Success || !Tags.Contains(tag.Groups["name"].Value.ToLowerInvariant()))
                {
                    return (null, $"can't parse entities: unsupported start tag \"{html[(i + 1)..end]}\" at byte offset {i}");
                }

                var name = tag.Groups["name"].Value.ToLowerInvariant();
                if (tag.Groups["close"].Success)
                {
                    if (open.Count == 0 || open.Pop() != name)
                    {
                        return (null, $"can't parse entities: unmatched end tag at byte offset {i}, expected \"</{(open.Count > 0 ? open.Peek() : "")}>\", found \"</{name}>\"");
                    }
                }
                else
                {
                    open.Push(name);
                }

                i = end + 1;
            }
            else if (c == '&')
            {
                var entity = EntityPattern().Match(html, i);
                if (!entity.Success || entity.Index != i)
                {
                    return (null, $"can't parse entities: character '&' is reserved and must be escaped at byte offset {i}");
                }

                visible.Append(System.Net.WebUtility.HtmlDecode(entity.Value));
                i += entity.Length;
            }
            else if (c == '>')
            {
                return (null, $"can't parse entities: character '>' is reserved and must be escaped at byte offset {i}");
            }
            else
            {
                visible.Append(c);
                i++;
            }
        }

        return open.Count > 0 ? (null, $"can't parse entities: can't find end tag corresponding to start tag \"{open.Peek()}\"") : (visible.ToString(), null);
    }

    [GeneratedRegex("^<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)(\\s+[a-z-]+=\"[^\"<>]*\")*\\s*>$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")]
    private static partial Regex EntityPattern();
}
