using System.Diagnostics;
using System.Diagnostics.Metrics;
using DevBot.Observability;
using DevBot.Telegram.Persistence;

namespace DevBot.Telegram;

/// <summary>
/// The bot's figures: every Bot API request by method and outcome (429s are <c>too_many_requests</c>) and its
/// duration, and what became of each outbox delivery. The outbox backlog is a gauge read at scrape time
/// (<see cref="Outbox.OutboxGauges"/>).
/// </summary>
internal sealed class TelegramMetrics
{
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _deliveries;

    public TelegramMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DevBotMetrics.MeterName);
        _requests = meter.CreateCounter<long>("devbot.telegram.requests", description: "Bot API requests, by method and outcome (too_many_requests: Telegram's flood control answered 429).");
        _duration = meter.CreateHistogram<double>("devbot.telegram.request.duration", unit: "s", description: "Bot API request durations, by method (getUpdates waits up to its long-poll timeout).");
        _deliveries = meter.CreateCounter<long>("devbot.telegram.outbox.deliveries", description: "Outbox delivery attempts, by message kind and result.");
    }

    public void Request(string method, BotApiOutcome outcome, TimeSpan duration)
    {
        _requests.Add(1, new TagList { { "method", method }, { "outcome", MetricLabel.ValueOf(outcome) } });
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("method", method));
    }

    public void Delivered(OutboxKind kind, OutboxDeliveryResult result) =>
        _deliveries.Add(1, new TagList { { "kind", MetricLabel.ValueOf(kind) }, { "result", MetricLabel.ValueOf(result) } });
}

/// <summary>How one Bot API request ended.</summary>
public enum BotApiOutcome
{
    Ok,

    /// <summary>429: Telegram's flood control; the answer carries retry_after.</summary>
    TooManyRequests,

    /// <summary>Another 4xx answer: Telegram refused this request (chat gone, message not modified, bad token…).</summary>
    Rejected,

    /// <summary>5xx, or an answer that is no Bot API answer.</summary>
    ServerError,

    /// <summary>No answer: the server could not be reached or did not answer in time.</summary>
    NoAnswer,

    /// <summary>Given up by DevBot before an answer came: its deadline passed or the process is stopping.</summary>
    Cancelled,
}

/// <summary>What one delivery attempt of an outbox message did.</summary>
public enum OutboxDeliveryResult
{
    Sent,

    /// <summary>Telegram answered 429: the message waits for its retry_after.</summary>
    Paused,

    /// <summary>A transient failure: the message is tried again after a backoff.</summary>
    Retrying,

    /// <summary>Given up for good (refused, or too many failures).</summary>
    Failed,
}
