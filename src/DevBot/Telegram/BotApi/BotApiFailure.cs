using System.Net;
using Telegram.Bot.Exceptions;

namespace DevBot.Telegram.BotApi;

/// <summary>
/// What a failed Bot API call means to DevBot, read from Telegram.Bot's exceptions. It carries Telegram's own
/// description, or a reason DevBot words itself for failures without an answer, never an exception's message
/// from the HTTP stack: the token is part of every request path, so nothing that might quote a URL is passed on.
/// </summary>
internal sealed record BotApiFailure(int ErrorCode, string Description, TimeSpan? RetryAfter)
{
    /// <summary>
    /// The failure behind <paramref name="exception"/>, or null when it is no Bot API failure. A cancellation counts
    /// as "no answer in time" only when <paramref name="callerToken"/> was not cancelled (then it was the deadline).
    /// </summary>
    public static BotApiFailure? Of(Exception exception, CancellationToken callerToken = default) => exception switch
    {
        ApiRequestException api => new(
            api.ErrorCode,
            api.Message,
            api.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null),
        RequestException { HttpStatusCode: { } status } => new((int)status, $"the Bot API server sent no Bot API answer (HTTP {(int)status})", null),
        RequestException { InnerException: HttpRequestException http } => new(0, $"the Bot API server could not be reached ({http.HttpRequestError})", null),
        RequestException { InnerException: OperationCanceledException } => new(0, "the Bot API server sent no answer in time", null),
        RequestException => new(0, "the Bot API request failed before an answer arrived", null),
        OperationCanceledException when !callerToken.IsCancellationRequested => new(0, "the Bot API server sent no answer in time", null),
        _ => null,
    };

    public bool IsTooManyRequests => ErrorCode == (int)HttpStatusCode.TooManyRequests;

    /// <summary>Worth repeating later: no answer, flood control, or a server-side failure.</summary>
    public bool IsTransient => ErrorCode is 0 or 429 or >= 500;

    /// <summary>editMessageText with the text the message already has; the wanted state is reached.</summary>
    public bool IsMessageNotModified =>
        ErrorCode == 400 && Description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message to edit is gone (deleted by the user, too old).</summary>
    public bool IsMessageToEditMissing =>
        ErrorCode == 400 && (Description.Contains("message to edit not found", StringComparison.OrdinalIgnoreCase)
            || Description.Contains("message can't be edited", StringComparison.OrdinalIgnoreCase));

    /// <summary>Telegram refused the HTML of a text or caption.</summary>
    public bool IsUnparsable =>
        ErrorCode == 400 && Description.Contains("can't parse entities", StringComparison.OrdinalIgnoreCase);

    /// <summary>The one line that goes into logs and the outbox's last_error.</summary>
    public string Describe(string method) => ErrorCode == 0 ? $"Telegram {method} failed: {Description}" : $"Telegram {method} failed ({ErrorCode}): {Description}";
}
