using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DevBot.Observability;

/// <summary>
/// DevBot's build-wide instruments (System.Diagnostics.Metrics), exported at <c>/metrics</c>. Features with figures of
/// their own (database, Telegram, retrieval, sandbox) record through a small typed class in their folder on the same
/// meter (<see cref="MeterName"/>), so this folder never depends on them.
/// </summary>
public sealed class DevBotMetrics : IDisposable
{
    public const string MeterName = "DevBot";

    private readonly Meter _meter;
    private readonly Counter<long> _llmCalls;
    private readonly Counter<long> _llmTokens;
    private readonly Histogram<double> _llmDuration;
    private readonly Counter<long> _buildsFinished;
    private readonly Counter<long> _reviews;

    public DevBotMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _llmCalls = _meter.CreateCounter<long>("devbot.llm.calls", description: "Requests to language models, by role, model and outcome.");
        _llmTokens = _meter.CreateCounter<long>("devbot.llm.tokens", description: "Tokens of successful model requests, by role, model and kind.");
        _llmDuration = _meter.CreateHistogram<double>("devbot.llm.call.duration", unit: "s", description: "Latency of model requests.");
        _buildsFinished = _meter.CreateCounter<long>("devbot.builds.finished", description: "Builds that ended (or paused), by outcome.");
        _reviews = _meter.CreateCounter<long>("devbot.reviews", description: "Review verdicts on implementation attempts.");
    }

    public void LlmCall(string role, string model, string outcome, TimeSpan latency, int promptTokens, int completionTokens)
    {
        var tags = new TagList { { "role", role }, { "model", model }, { "outcome", outcome } };
        _llmCalls.Add(1, tags);
        _llmDuration.Record(latency.TotalSeconds, new TagList { { "role", role }, { "outcome", outcome } });
        if (promptTokens > 0 || completionTokens > 0)
        {
            _llmTokens.Add(promptTokens, new TagList { { "role", role }, { "model", model }, { "kind", "prompt" } });
            _llmTokens.Add(completionTokens, new TagList { { "role", role }, { "model", model }, { "kind", "completion" } });
        }
    }

    public void BuildFinished(BuildOutcome outcome) => _buildsFinished.Add(1, new KeyValuePair<string, object?>("outcome", MetricLabel.ValueOf(outcome)));

    /// <summary>A verdict the reviewer really gave (a model call); rejections DevBot makes without asking it are not reviews.</summary>
    public void Review(bool approved) => _reviews.Add(1, new KeyValuePair<string, object?>("verdict", approved ? "approved" : "rejected"));

    public void Dispose() => _meter.Dispose();
}
