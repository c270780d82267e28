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

    [Fact]
    public void The_bot_api_server_is_an_origin_because_telegram_bot_would_drop_a_path()
    {
        Failures(new TelegramOptions { BotToken = Token, ApiBaseUrl = "http://localhost:8081" }).ShouldBeEmpty();
        Failures(new TelegramOptions { BotToken = Token, ApiBaseUrl = "https://api.telegram.org/" }).ShouldBeEmpty();
        Failures(new TelegramOptions { BotToken = Token, ApiBaseUrl = "http://localhost:8081/telegram" })
            .ShouldHaveSingleItem().ShouldContain("TELEGRAM_API_BASE_URL");
    }

    [Theory]
    [InlineData("starter:500")]
    [InlineData("starter:500:0")]
    [InlineData("starter:500:2.5")]
    [InlineData("star ter:500:250")]
    [InlineData("starter:500:250,STARTER:100:50")]
    [InlineData("starter:-5:250")]
    public void Bad_stars_packs_are_refused_naming_the_variable(string packs)
    {
        Failures(new TelegramOptions { BotToken = Token, StarsPacks = packs }).ShouldHaveSingleItem().ShouldContain("TELEGRAM_STARS_PACKS");
    }

    [Fact]
    public void Stars_packs_are_read_and_an_empty_list_sells_none()
    {
        new TelegramOptions().StarPacks().Select(p => (p.Name, p.Credits, p.Stars))
            .ShouldBe([("starter", 500m, 250), ("standard", 1100m, 500), ("pro", 3000m, 1250)]);
        new TelegramOptions { StarsPacks = "" }.StarPacks().ShouldBeEmpty();
        new TelegramOptions { StarsPacks = " mini : 10.5 : 5 " }.StarPacks().ShouldHaveSingleItem().ShouldBe(new("mini", 10.5m, 5));
    }
}
