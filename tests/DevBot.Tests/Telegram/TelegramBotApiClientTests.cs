using System.Text;
using DevBot.Telegram;
using DevBot.Telegram.BotApi;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Telegram;

/// <summary>The typed client against the stand-in's real HTTP and JSON.</summary>
public sealed class TelegramBotApiClientTests
{
    private static TelegramBotApiClient Client(string baseUrl, string token = FakeBotApiServer.DefaultToken)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(TelegramBotApiClient.HttpClientName);
        var provider = services.BuildServiceProvider();
        return new TelegramBotApiClient(
            provider.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new TelegramOptions { BotToken = token, ApiBaseUrl = baseUrl }),
            TimeProvider.System,
            NullLogger<TelegramBotApiClient>.Instance);
    }

    [Fact]
    public async Task Requests_use_the_bot_apis_snake_case_json_and_answers_are_read_back()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        var client = Client(telegram.BaseUrl);

        var me = await client.GetMeAsync(CancellationToken.None);
        var sent = await client.SendMessageAsync(
            new SendMessageRequest(42, "<b>Hi</b>") { ReplyMarkup = new([[InlineKeyboardButton.Callback("Go", "go:1")]]) }, CancellationToken.None);

        me.Username.ShouldBe(FakeBotApiServer.BotUsername);
        sent.MessageId.ShouldBeGreaterThan(0);
        sent.Chat.Id.ShouldBe(42);
        sent.ReplyMarkup!.InlineKeyboard[0][0].CallbackData.ShouldBe("go:1");
        var call = telegram.CallsOf("sendMessage").ShouldHaveSingleItem();
        ((string?)call.Parameters["parse_mode"]).ShouldBe("HTML");
        ((string?)call.Parameters["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]).ShouldBe("go:1");
        ((bool?)call.Parameters["link_preview_options"]!["is_disabled"]).ShouldBe(true);
    }

    [Fact]
    public async Task Documents_are_uploaded_as_multipart_with_their_caption()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        var client = Client(telegram.BaseUrl);
        var bytes = Encoding.UTF8.GetBytes("PK fake zip content");

        var message = await client.SendDocumentAsync(new SendDocumentRequest(42, "project.zip", bytes) { Caption = "<b>Done</b>" }, CancellationToken.None);

        message.Document!.FileName.ShouldBe("project.zip");
        var stored = telegram.Messages(42).ShouldHaveSingleItem();
        stored.DocumentBytes.ShouldBe(bytes);
        stored.Caption.ShouldBe("Done");
    }

    [Fact]
    public async Task A_429_becomes_an_exception_carrying_retry_after()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        telegram.FailNext("sendMessage", errorCode: 429, retryAfter: 7);
        var client = Client(telegram.BaseUrl);

        var error = await Should.ThrowAsync<TelegramApiException>(() => client.SendMessageAsync(new SendMessageRequest(1, "x"), CancellationToken.None));

        error.IsTooManyRequests.ShouldBeTrue();
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        error.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public async Task Errors_never_contain_the_token_even_when_the_server_is_unreachable_or_refuses_it()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        var wrongToken = "987654321:WRONG_token_abcdefghijklmnopqrstu";

        var refused = await Should.ThrowAsync<TelegramApiException>(() => Client(telegram.BaseUrl, wrongToken).GetMeAsync(CancellationToken.None));
        var unreachable = await Should.ThrowAsync<TelegramApiException>(() => Client("http://127.0.0.1:1", wrongToken).GetMeAsync(CancellationToken.None));

        refused.ErrorCode.ShouldBe(401);
        unreachable.ErrorCode.ShouldBe(0);
        unreachable.IsTransient.ShouldBeTrue();
        foreach (var error in new Exception[] { refused, unreachable })
        {
            error.ToString().ShouldNotContain("WRONG_token");
            error.ToString().ShouldNotContain("987654321");
        }
    }
}
