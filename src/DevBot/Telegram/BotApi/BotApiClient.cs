using Telegram.Bot;
using Telegram.Bot.Types;

namespace DevBot.Telegram.BotApi;

/// <summary>
/// The Telegram.Bot client as DevBot configures it. The library's own 429 handling (sleep retry_after, send
/// again) is off: the outbox owns that schedule, so a refusal surfaces at once as an ApiRequestException with
/// error 429 and retry_after. Its HttpClient is the library's own (no IHttpClientFactory logging handlers, which
/// would print the request URL and with it the token) with no overall timeout: each call gets a
/// <see cref="BotApiDeadline"/> fitting it (a long poll, a 50 MB upload and a short message need different ones).
/// </summary>
internal static class BotApiClient
{
    /// <summary>A message, an edit, an answer to a button: Telegram answers these within seconds.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An upload of up to 50 MB.</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Links in the bot's messages are its own (downloads, payments): no previews.</summary>
    public static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public static ITelegramBotClient Create(TelegramOptions options)
    {
        var clientOptions = new TelegramBotClientOptions(options.BotToken!.Trim(), options.SelfHostedApiBaseUrl())
        {
            RetryThreshold = 0,
        };
        return new TelegramBotClient(clientOptions) { Timeout = Timeout.InfiniteTimeSpan };
    }
}

/// <summary>The time one Bot API call may take, on top of the caller's own cancellation.</summary>
internal sealed class BotApiDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource? _linked;

    public BotApiDeadline(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken = default)
    {
        _timeout = new CancellationTokenSource(timeout, time);
        _linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token) : null;
    }

    public CancellationToken Token => (_linked ?? _timeout).Token;

    public void Dispose()
    {
        _linked?.Dispose();
        _timeout.Dispose();
    }
}
