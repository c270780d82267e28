using DevBot.Telegram;

namespace DevBot.Tests.Telegram;

public sealed class TelegramOptionsValidatorTests
{
    private const string Token = "123456789:TEST-ONLY_not-a-real-bot-token_0000";

    private static IReadOnlyList<string> Failures(TelegramOptions options) =>
        new TelegramOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Without_a_token_the_bot_is_off_and_nothing_else_is_checked()
    {
        Failures(new TelegramOptions { WebhookUrl = "not a url", AdminTelegramIds = "x" }).ShouldBeEmpty();
    }

    [Fact]
    public void Webhook_mode_needs_a_valid_secret()
    {
        var failures = Failures(new TelegramOptions { BotToken = Token, WebhookUrl = "https://bot.example.com/api/v1/telegram/webhook" });

        failures.ShouldHaveSingleItem().ShouldContain("TELEGRAM_WEBHOOK_SECRET");
        Failures(new TelegramOptions { BotToken = Token, WebhookUrl = "https://bot.example.com/api/v1/telegram/webhook", WebhookSecret = "has spaces" })
            .ShouldHaveSingleItem();
        Failures(new TelegramOptions { BotToken = Token, WebhookUrl = "https://bot.example.com/api/v1/telegram/webhook", WebhookSecret = "ok_secret-1" })
            .ShouldBeEmpty();
    }

    [Fact]
    public void Bad_values_are_named_by_their_variable_and_the_token_is_never_repeated()
    {
        var badToken = "not-a-token-but-secret-looking";
        var failures = Failures(new TelegramOptions { BotToken = badToken, ApiBaseUrl = "ftp://x", AdminTelegramIds = "12,abc" });

        failures.Count.ShouldBe(3);
        failures.ShouldContain(f => f.Contains("TELEGRAM_BOT_TOKEN"));
        failures.ShouldContain(f => f.Contains("TELEGRAM_API_BASE_URL"));
        failures.ShouldContain(f => f.Contains("ADMIN_TELEGRAM_IDS"));
        failures.ShouldAllBe(f => !f.Contains(badToken));
    }
}
