namespace DevBot.Telegram.BotApi;

/// <summary>
/// A failed Bot API call. The message names the method and Telegram's description only: the request URL
/// carries the bot token, so it is never part of an error.
/// </summary>
public sealed class TelegramApiException(string method, int errorCode, string description, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"Telegram {method} failed ({errorCode}): {description}", inner)
{
    public string Method { get; } = method;

    /// <summary>Telegram's error_code (an HTTP status), or 0 when no answer came (network failure, timeout).</summary>
    public int ErrorCode { get; } = errorCode;

    public string Description { get; } = description;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsTooManyRequests => ErrorCode == 429;

    /// <summary>Worth repeating later: no answer, flood control, or a server-side failure.</summary>
    public bool IsTransient => ErrorCode is 0 or 429 or >= 500;

    /// <summary>editMessageText with the text the message already has; the wanted state is reached.</summary>
    public bool IsMessageNotModified =>
        ErrorCode == 400 && Description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message to edit is gone (deleted by the user, too old).</summary>
    public bool IsMessageToEditMissing =>
        ErrorCode == 400 && (Description.Contains("message to edit not found", StringComparison.OrdinalIgnoreCase)
            || Description.Contains("message can't be edited", StringComparison.OrdinalIgnoreCase));
}
