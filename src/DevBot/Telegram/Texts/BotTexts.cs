using System.Collections.Frozen;
using System.Text.Json;

namespace DevBot.Telegram.Texts;

/// <summary>
/// Every language the bot speaks, read once from the JSON files embedded from <c>Telegram/Texts/*.json</c>
/// (one object of key → template per language). English is the fallback for languages the bot does not know.
/// </summary>
internal sealed class BotTexts
{
    public const string Fallback = "en";

    private const string ResourcePrefix = "DevBot.Telegram.Texts.";

    private readonly FrozenDictionary<string, Words> _languages;

    public BotTexts()
    {
        var assembly = typeof(BotTexts).Assembly;
        var languages = new Dictionary<string, Words>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
        {
            var language = name[ResourcePrefix.Length..^".json".Length];
            using var stream = assembly.GetManifestResourceStream(name)!;
            var templates = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
                ?? throw new InvalidOperationException($"The bot's texts for '{language}' are empty.");
            languages[language] = new Words(language, templates.ToFrozenDictionary(StringComparer.Ordinal));
        }

        _languages = languages.ContainsKey(Fallback)
            ? languages.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase)
            : throw new InvalidOperationException("The bot's English texts are not embedded.");
    }

    public IReadOnlyCollection<Words> All => _languages.Values;

    /// <summary>
    /// The texts for an IETF language tag as Telegram gives it (<c>ru</c>, <c>pt-br</c>): the language itself,
    /// else its primary language, else English.
    /// </summary>
    public Words For(string? languageCode)
    {
        var code = (languageCode ?? string.Empty).Trim();
        if (code.Length > 0 && _languages.TryGetValue(code, out var exact))
        {
            return exact;
        }

        var primary = code.Split('-', '_')[0];
        return _languages.TryGetValue(primary, out var words) ? words : _languages[Fallback];
    }

    /// <summary>The stored language of a chat (null: never told) as the code to keep: a language the bot speaks.</summary>
    public string LanguageOf(string? languageCode) => For(languageCode).Language;
}
