using System.Net;
using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace DevBot.Telegram.BotApi;

/// <summary>
/// The bot's <see cref="ITelegramBotClient"/>: Telegram.Bot's client, with every request counted and timed by
/// method and outcome (<see cref="TelegramMetrics"/>) and each real answer noted for readiness
/// (<see cref="BotApiHeartbeat"/>). Every Bot API method, whichever extension method called it, passes
/// <see cref="SendRequest{TResponse}"/>, and each that puts a message in a chat waits there for its place in
/// Telegram's flood limits (<see cref="SendRateLimiter"/>), holding it until its answer is in.
/// </summary>
internal sealed class MeteredBotClient(
    ITelegramBotClient inner, TelegramMetrics metrics, BotApiHeartbeat heartbeat, SendRateLimiter limiter, TimeProvider time) : ITelegramBotClient
{
    /// <summary>The methods Telegram counts against its per-chat and overall message limits (the ones DevBot uses).</summary>
    private static readonly HashSet<string> MessageMethods = new(StringComparer.Ordinal)
    {
        "sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument", "sendInvoice", "sendPhoto", "copyMessage", "forwardMessage",
    };

    public bool LocalBotServer => inner.LocalBotServer;

    public long BotId => inner.BotId;

    public TimeSpan Timeout
    {
        get => inner.Timeout;
        set => inner.Timeout = value;
    }

    public IExceptionParser ExceptionsParser
    {
        get => inner.ExceptionsParser;
        set => inner.ExceptionsParser = value;
    }

    public event AsyncEventHandler<ApiRequestEventArgs>? OnMakingApiRequest
    {
        add => inner.OnMakingApiRequest += value;
        remove => inner.OnMakingApiRequest -= value;
    }

    public event AsyncEventHandler<ApiResponseEventArgs>? OnApiResponseReceived
    {
        add => inner.OnApiResponseReceived += value;
        remove => inner.OnApiResponseReceived -= value;
    }

    public async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var permit = MessageMethods.Contains(request.MethodName) && request is IChatTargetable target
            ? await limiter.EnterAsync(target.ChatId.Identifier ?? 0, cancellationToken)
            : null;
        var started = time.GetTimestamp();
        try
        {
            var response = await inner.SendRequest(request, cancellationToken);
            heartbeat.Answered(time.GetUtcNow());
            metrics.Request(request.MethodName, BotApiOutcome.Ok, time.GetElapsedTime(started));
            return response;
        }
        catch (Exception ex)
        {
            var outcome = OutcomeOf(ex, cancellationToken);
            if (ex is ApiRequestException { ErrorCode: >= 400 and < 500 and not ((int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.NotFound) })
            {
                // Telegram answered about this request: the Bot API is there and knows the token.
                heartbeat.Answered(time.GetUtcNow());
            }

            metrics.Request(request.MethodName, outcome, time.GetElapsedTime(started));
            throw;
        }
    }

    public Task<bool> TestApi(CancellationToken cancellationToken = default) => inner.TestApi(cancellationToken);

    public Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        inner.DownloadFile(filePath, destination, cancellationToken);

    public Task DownloadFile(TGFile file, Stream destination, CancellationToken cancellationToken = default) =>
        inner.DownloadFile(file, destination, cancellationToken);

    internal static BotApiOutcome OutcomeOf(Exception exception, CancellationToken callerToken)
    {
        if (exception is OperationCanceledException && callerToken.IsCancellationRequested)
        {
            return BotApiOutcome.Cancelled;
        }

        return BotApiFailure.Of(exception, callerToken) switch
        {
            null => BotApiOutcome.ServerError,
            { ErrorCode: 0 } => BotApiOutcome.NoAnswer,
            { IsTooManyRequests: true } => BotApiOutcome.TooManyRequests,
            { ErrorCode: >= 500 } => BotApiOutcome.ServerError,
            _ => BotApiOutcome.Rejected,
        };
    }
}
