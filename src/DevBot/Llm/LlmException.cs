namespace DevBot.Llm;

/// <summary>A request to the language model failed; the message is fit to show a user or operator.</summary>
public class LlmException(string message, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Worth trying again later (rate limit, server error, timeout, connection dropped).</summary>
    public bool IsTransient { get; } = isTransient;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The endpoint could not be reached at all (connection refused, unknown host, no route, connect timeout): a
/// configuration problem far more often than a busy server, so it is retried only a few times, quickly.
/// </summary>
public sealed class LlmUnreachableException(string message, Exception? inner = null) : LlmException(message, isTransient: true, inner: inner);

/// <summary>A model answered, but never in the shape asked for, after every allowed retry.</summary>
public sealed class LlmMalformedAnswerException(string message) : LlmException(message, isTransient: false);

/// <summary>
/// The model broke the protocol (e.g. an answer far beyond the tokens asked for). Not retried: a provider that does
/// it once does it again, and every try would be paid to it. Recorded as such, charged nothing.
/// </summary>
public sealed class LlmProtocolViolationException(string message, Exception? inner = null) : LlmException(message, isTransient: false, inner: inner);
