using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.BotApi;

/// <summary>
/// A typed Bot API client over <see cref="HttpClient"/>. The token is part of every request path, so this
/// client's HttpClient has the factory's request logging removed, and errors carry only the method name
/// and Telegram's description, never a URL.
/// </summary>
public sealed class TelegramBotApiClient(IHttpClientFactory httpClients, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramBotApiClient> logger)
    : ITelegramBotApi
{
    /// <summary>The named HttpClient this client uses; registered without the factory's URL-logging handlers.</summary>
    public const string HttpClientName = "telegram-bot-api";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(5);

    private readonly Uri _methodsBase = MethodsBase(options.Value);

    public async Task<TelegramUser> GetMeAsync(CancellationToken cancellationToken) =>
        await CallAsync<TelegramUser>("getMe", null, DefaultTimeout, cancellationToken);

    public async Task<IReadOnlyList<Update>> GetUpdatesAsync(GetUpdatesRequest request, CancellationToken cancellationToken) =>
        await CallAsync<List<Update>>("getUpdates", JsonBody(request), TimeSpan.FromSeconds(request.Timeout) + DefaultTimeout, cancellationToken);

    public Task SetWebhookAsync(SetWebhookRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("setWebhook", JsonBody(request), DefaultTimeout, cancellationToken);

    public Task DeleteWebhookAsync(DeleteWebhookRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("deleteWebhook", JsonBody(request), DefaultTimeout, cancellationToken);

    public Task SetMyCommandsAsync(SetMyCommandsRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("setMyCommands", JsonBody(request), DefaultTimeout, cancellationToken);

    public Task<Message> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken) =>
        CallAsync<Message>("sendMessage", JsonBody(request), DefaultTimeout, cancellationToken);

    public Task<Message> EditMessageTextAsync(EditMessageTextRequest request, CancellationToken cancellationToken) =>
        CallAsync<Message>("editMessageText", JsonBody(request), DefaultTimeout, cancellationToken);

    public Task<Message> SendDocumentAsync(SendDocumentRequest request, CancellationToken cancellationToken)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(request.ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chat_id" },
        };
        var file = new ReadOnlyMemoryContent(request.Content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "document", request.FileName);
        if (request.Caption is not null)
        {
            form.Add(new StringContent(request.Caption), "caption");
        }

        if (request.ParseMode is not null)
        {
            form.Add(new StringContent(request.ParseMode), "parse_mode");
        }

        if (request.ReplyMarkup is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(request.ReplyMarkup, BotApiJson.Options)), "reply_markup");
        }

        return CallAsync<Message>("sendDocument", form, UploadTimeout, cancellationToken);
    }

    public Task AnswerCallbackQueryAsync(AnswerCallbackQueryRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("answerCallbackQuery", JsonBody(request), DefaultTimeout, cancellationToken);

    public Task SendChatActionAsync(SendChatActionRequest request, CancellationToken cancellationToken) =>
        CallAsync<bool>("sendChatAction", JsonBody(request), DefaultTimeout, cancellationToken);

    private static JsonContent JsonBody<T>(T body) => JsonContent.Create(body, options: BotApiJson.Options);

    private async Task<T> CallAsync<T>(string method, HttpContent? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_methodsBase, method)) { Content = body ?? new StringContent("{}") };
        var started = Stopwatch.GetTimestamp();
        BotApiResponse? envelope;
        int status;
        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            status = (int)response.StatusCode;
            envelope = await ReadEnvelopeAsync(response, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TelegramApiException(method, 0, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            // The exception's message names host and port at most; the reason enum is enough and leaks nothing.
            throw new TelegramApiException(method, 0, $"the Bot API server could not be reached ({ex.HttpRequestError})");
        }

        logger.LogDebug("Telegram {Method} answered HTTP {Status} in {Elapsed} ms", method, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (envelope is null)
        {
            throw new TelegramApiException(method, status is >= 200 and < 300 ? 502 : status, $"the Bot API server sent no Bot API answer (HTTP {status})");
        }

        if (!envelope.Ok)
        {
            var retryAfter = envelope.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            throw new TelegramApiException(method, envelope.ErrorCode ?? status, envelope.Description ?? "no description", retryAfter);
        }

        try
        {
            return envelope.Result.Deserialize<T>(BotApiJson.Options)
                ?? throw new TelegramApiException(method, 502, "the Bot API answered ok without a result");
        }
        catch (JsonException ex)
        {
            throw new TelegramApiException(method, 502, $"the Bot API's result was not understood ({ex.Message})");
        }
    }

    private static async Task<BotApiResponse?> ReadEnvelopeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<BotApiResponse>(BotApiJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static Uri MethodsBase(TelegramOptions options)
    {
        var root = options.ApiBaseUrl.TrimEnd('/');
        return new Uri($"{root}/bot{options.BotToken}/");
    }
}
