using System.Text;
using DevBot.Telegram;
using DevBot.Telegram.BotApi;
using DevBot.Tests.Telegram.BotApiStandIn;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace DevBot.Tests.Telegram;

/// <summary>Telegram.Bot as DevBot configures it, against the stand-in's real HTTP: shapes, uploads, 429s, and the token kept out of errors.</summary>
public sealed class BotApiClientTests
{
    private static ITelegramBotClient Client(string baseUrl, string token = FakeBotApiServer.DefaultToken) =>
        BotApiClient.Create(new TelegramOptions { BotToken = token, ApiBaseUrl = baseUrl });

    [Fact]
    public async Task Requests_reach_a_self_hosted_server_in_the_bot_apis_json_and_answers_are_read_back()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        var bot = Client(telegram.BaseUrl);

        var me = await bot.GetMe();
        var sent = await bot.SendMessage(42, "<b>Hi</b>", ParseMode.Html,
            replyMarkup: new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Go", "go:1")]]), linkPreviewOptions: BotApiClient.NoPreview);

        me.Username.ShouldBe(FakeBotApiServer.BotUsername);
        sent.MessageId.ShouldBeGreaterThan(0);
        sent.Chat.Id.ShouldBe(42);
        sent.ReplyMarkup!.InlineKeyboard.Single().Single().CallbackData.ShouldBe("go:1");
        var call = telegram.CallsOf("sendMessage").ShouldHaveSingleItem();
        call.Token.ShouldBe(FakeBotApiServer.DefaultToken);
        // Telegram reads the parse mode case-insensitively; Telegram.Bot writes "Html".
        ((string?)call.Parameters["parse_mode"]).ShouldBe("HTML", StringCompareShould.IgnoreCase);
        ((string?)call.Parameters["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]).ShouldBe("go:1");
        ((bool?)call.Parameters["link_preview_options"]!["is_disabled"]).ShouldBe(true);
    }

    [Fact]
    public async Task Documents_go_up_as_an_attach_part_of_a_multipart_form_with_their_caption()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        var bot = Client(telegram.BaseUrl);
        var bytes = Encoding.UTF8.GetBytes("PK fake zip content");

        var message = await bot.SendDocument(42, InputFile.FromStream(new MemoryStream(bytes), "project.zip"), "<b>Done</b>", ParseMode.Html);

        message.Document!.FileName.ShouldBe("project.zip");
        var call = telegram.CallsOf("sendDocument").ShouldHaveSingleItem();
        ((string?)call.Parameters["document"]).ShouldBe("attach://0", "Telegram.Bot names the file part and points at it");
        ((string?)call.Parameters["0"]!["file_name"]).ShouldBe("project.zip");
        var stored = telegram.Messages(42).ShouldHaveSingleItem();
        stored.DocumentBytes.ShouldBe(bytes);
        stored.Caption.ShouldBe("Done");
    }

    [Fact]
    public async Task The_stand_in_refuses_a_document_whose_attach_reference_names_no_uploaded_part()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("42"), "chat_id" },
            { new StringContent("attach://file7"), "document" },
            { new ByteArrayContent([1, 2, 3]), "0", "project.zip" },
        };

        var response = await http.PostAsync($"{telegram.BaseUrl}/bot{FakeBotApiServer.DefaultToken}/sendDocument", form);

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("file7");
        telegram.Messages(42).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_429_surfaces_at_once_with_retry_after_and_the_library_does_not_send_again()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        telegram.FailNext("sendMessage", errorCode: 429, retryAfter: 7);
        var bot = Client(telegram.BaseUrl);

        var error = await Should.ThrowAsync<ApiRequestException>(() => bot.SendMessage(1, "x"));

        telegram.CallsOf("sendMessage").Count.ShouldBe(1, "one component (the outbox) owns the 429 schedule");
        error.ErrorCode.ShouldBe(429);
        error.Parameters!.RetryAfter.ShouldBe(7);
        var failure = BotApiFailure.Of(error).ShouldNotBeNull();
        failure.IsTooManyRequests.ShouldBeTrue();
        failure.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        failure.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public async Task Failures_never_carry_the_token_when_the_server_refuses_it_is_unreachable_or_answers_no_json()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        const string wrongToken = "987654321:WRONG_token_abcdefghijklmnopqrstu";
        await using var broken = await BrokenServer.StartAsync();

        var refused = await Should.ThrowAsync<RequestException>(() => Client(telegram.BaseUrl, wrongToken).GetMe());
        var unreachable = await Should.ThrowAsync<RequestException>(() => Client("http://127.0.0.1:1", wrongToken).GetMe());
        var garbled = await Should.ThrowAsync<RequestException>(() => Client(broken.BaseUrl, wrongToken).GetMe());

        BotApiFailure.Of(refused)!.ErrorCode.ShouldBe(401);
        BotApiFailure.Of(unreachable)!.ErrorCode.ShouldBe(0);
        BotApiFailure.Of(unreachable)!.IsTransient.ShouldBeTrue();
        BotApiFailure.Of(garbled)!.ErrorCode.ShouldBe(502);
        foreach (var error in new Exception[] { refused, unreachable, garbled })
        {
            error.ToString().ShouldNotContain("WRONG_token");
            error.ToString().ShouldNotContain("987654321");
            BotApiFailure.Of(error)!.Describe("getMe").ShouldNotContain("987654321");
        }
    }

    [Fact]
    public void A_timeout_of_a_call_is_a_transient_failure_but_a_shutdown_is_none()
    {
        using var stopping = new CancellationTokenSource();
        var timedOut = new TaskCanceledException();

        BotApiFailure.Of(timedOut, stopping.Token).ShouldNotBeNull().IsTransient.ShouldBeTrue();
        stopping.Cancel();
        BotApiFailure.Of(timedOut, stopping.Token).ShouldBeNull();
    }

    /// <summary>A server in front of the Bot API that answers 502 with an HTML page, as proxies do.</summary>
    private sealed class BrokenServer : IAsyncDisposable
    {
        private readonly Microsoft.AspNetCore.Builder.WebApplication _app;

        private BrokenServer(Microsoft.AspNetCore.Builder.WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

        public string BaseUrl { get; }

        public static async Task<BrokenServer> StartAsync()
        {
            var app = Infrastructure.LoopbackServer.Create();
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/{**path}",
                () => Microsoft.AspNetCore.Http.Results.Content("<html>Bad Gateway</html>", "text/html", Encoding.UTF8, 502));
            return new BrokenServer(app, await Infrastructure.LoopbackServer.StartAsync(app));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
