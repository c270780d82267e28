using System.Reflection;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Texts;
using DevBot.Telegram.Updates;
using DevBot.Tests.Telegram.BotApiStandIn;

namespace DevBot.Tests.Telegram;

/// <summary>The bot's texts: every one in every language, with the same placeholders, valid where Telegram reads it.</summary>
public sealed class BotTextsTests
{
    private static readonly BotTexts Texts = new();

    /// <summary>Texts shown without formatting: button labels and answers, command descriptions, invoices, payment refusals, notes.</summary>
    private static readonly string[] PlainPrefixes =
        ["button.", "answer.", "command.", "invoice.", "payment.not_ours", "payment.offer_changed", "task.", "note.", "failure.",
            "project_status.", "task_status.", "archive.link_text", "announce.paused_reason"];

    public static TheoryData<string> Languages() => [.. new BotTexts().All.Select(w => w.Language)];

    [Fact]
    public void The_bot_speaks_english_and_russian_at_least()
    {
        Texts.All.Select(w => w.Language).ShouldBe(["en", "ru"], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_text_key_exists_in_every_language_with_the_same_placeholders(string language)
    {
        var english = Keys(Texts.For("en"));
        var other = Texts.For(language);

        Keys(other).Order().ShouldBe(english.Order(), $"'{language}' has exactly the English keys");
        foreach (var key in english)
        {
            Words.Placeholders(other[key]).Order().ShouldBe(Words.Placeholders(Texts.For("en")[key]).Order(), $"placeholders of '{key}' in '{language}'");
        }
    }

    [Fact]
    public void Every_key_the_code_names_has_an_english_text()
    {
        var english = Keys(Texts.For("en")).ToHashSet();
        var named = typeof(TextKey).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        named.ShouldNotBeEmpty();
        named.Where(k => !english.Contains(k)).ShouldBeEmpty();
        english.Where(k => !named.Contains(k)).ShouldBeEmpty("no text goes unused");
        foreach (var status in Enum.GetValues<DevBot.Projects.ProjectStatus>())
        {
            english.ShouldContain(TextKey.Of(status));
        }

        foreach (var status in Enum.GetValues<DevBot.Projects.ProjectTaskStatus>())
        {
            english.ShouldContain(TextKey.Of(status));
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_text_is_valid_where_telegram_reads_it(string language)
    {
        var words = Texts.For(language);
        foreach (var key in Keys(words))
        {
            var filled = words.Html(key, [.. Words.Placeholders(words[key]).Select(p => (p, (object?)"x"))]);
            if (PlainPrefixes.Any(key.StartsWith))
            {
                filled.ShouldNotContain("<", customMessage: $"'{key}' in '{language}' is shown without formatting");
            }
            else
            {
                StandInHtml.Parse(filled).Error.ShouldBeNull($"'{key}' in '{language}' must be valid Telegram HTML");
            }
        }

        foreach (var command in BotSetup.CommandsIn(words))
        {
            command.Description.Length.ShouldBeInRange(1, 256);
        }
    }

    [Theory]
    [InlineData("ru", "ru")]
    [InlineData("ru-RU", "ru")]
    [InlineData("RU", "ru")]
    [InlineData("en-GB", "en")]
    [InlineData("pt-br", "en")]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    public void A_language_code_from_telegram_picks_the_language_or_falls_back_to_english(string? code, string expected)
    {
        Texts.For(code).Language.ShouldBe(expected);
    }

    [Fact]
    public void Values_are_escaped_in_html_unless_they_are_formatted_fragments_and_a_missing_value_is_an_error()
    {
        var words = Texts.For("en");

        words.Html(TextKey.BuildCancelled, ("title", "a < b")).ShouldBe("🚫 a &lt; b is cancelled.");
        words.Html(TextKey.BuildCancelled, ("title", HtmlFragment.Bold("a < b"))).ShouldBe("🚫 <b>a &lt; b</b> is cancelled.");
        words.Plain(TextKey.AnswerQueued, ("position", 3)).ShouldBe("Queued, #3 in line.");
        Should.Throw<InvalidOperationException>(() => words.Html(TextKey.BuildCancelled));
        TelegramHtml.ToPlainText(words.Html(TextKey.YourBalance, ("credits", HtmlFragment.Bold("5")))).ShouldBe("Your balance: 5 credits.");
    }

    private static IReadOnlyList<string> Keys(Words words) => words.Keys;
}
