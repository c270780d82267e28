using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DevBot.Telegram.BotApi;

namespace DevBot.Telegram.Texts;

/// <summary>
/// The bot's texts in one language. A template names its values as <c>{name}</c>; <see cref="Html"/> fills them for
/// Telegram's HTML (text values escaped, <see cref="HtmlFragment"/> values as they are), <see cref="Plain"/> for
/// places without formatting (button labels, button answers, command descriptions, payment errors).
/// </summary>
public sealed partial class Words(string language, IReadOnlyDictionary<string, string> templates)
{
    public string Language { get; } = language;

    /// <summary>Every text's name.</summary>
    public IReadOnlyList<string> Keys { get; } = [.. templates.Keys];

    /// <summary>A text without values, as written.</summary>
    public string this[string key] => Template(key);

    public string Html(string key, params ReadOnlySpan<(string Name, object? Value)> values) => Fill(key, values, html: true);

    public string Plain(string key, params ReadOnlySpan<(string Name, object? Value)> values) => Fill(key, values, html: false);

    /// <summary>The placeholder names a template uses, in order of appearance.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        [.. Placeholder().Matches(template).Select(m => m.Groups["name"].Value).Distinct()];

    private string Template(string key) =>
        templates.TryGetValue(key, out var template)
            ? template
            : throw new KeyNotFoundException($"The bot has no text '{key}' in '{Language}'.");

    private string Fill(string key, ReadOnlySpan<(string Name, object? Value)> values, bool html)
    {
        var rendered = new Dictionary<string, string>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            rendered[name] = Render(value, html);
        }

        return Placeholder().Replace(Template(key), match =>
            rendered.TryGetValue(match.Groups["name"].Value, out var value)
                ? value
                : throw new InvalidOperationException($"The text '{key}' needs a value for {{{match.Groups["name"].Value}}}."));
    }

    private static string Render(object? value, bool html) => value switch
    {
        HtmlFragment fragment when html => fragment.Html,
        HtmlFragment fragment => TelegramHtml.ToPlainText(fragment.Html),
        IFormattable formattable => Escape(formattable.ToString(null, CultureInfo.InvariantCulture), html),
        _ => Escape(value?.ToString(), html),
    };

    private static string Escape(string? text, bool html) => html ? TelegramHtml.Escape(text) : text ?? string.Empty;

    [GeneratedRegex(@"\{(?<name>[a-z][a-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}

/// <summary>A piece of HTML that is already formatted (bold, a link, a list): filled into a text as it is.</summary>
internal readonly record struct HtmlFragment(string Html)
{
    public static HtmlFragment Bold(string text) => new(TelegramHtml.Bold(text));

    public static HtmlFragment Italic(string text) => new(TelegramHtml.Italic(text));

    public static HtmlFragment Code(string text) => new(TelegramHtml.Code(text));

    public static HtmlFragment Join(string separator, IEnumerable<string> htmlParts) => new(string.Join(separator, htmlParts));

    public override string ToString() => Html;
}
