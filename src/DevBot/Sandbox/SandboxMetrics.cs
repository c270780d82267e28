using System.Diagnostics;
using System.Diagnostics.Metrics;
using DevBot.Observability;

namespace DevBot.Sandbox;

/// <summary>
/// The sandbox's figures: runs by kind and outcome, their durations, the limits runs hit (wall time included), and
/// which sandbox this process chose at start-up (<c>devbot_sandbox_mode{mode="off"} 1</c> means generated code is
/// not being run at all).
/// </summary>
internal sealed class SandboxMetrics
{
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _limits;
    private SandboxMode? _mode;

    public SandboxMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DevBotMetrics.MeterName);
        _runs = meter.CreateCounter<long>("devbot.sandbox.runs", description: "Sandboxed runs of generated code, by kind and outcome.");
        _duration = meter.CreateHistogram<double>("devbot.sandbox.run.duration", unit: "s", description: "Wall time of sandboxed runs, by kind.");
        _limits = meter.CreateCounter<long>("devbot.sandbox.limits.hit", description: "Sandboxed runs stopped by a resource limit, by limit (wall_time: killed at the time-out).");
        meter.CreateObservableGauge("devbot.sandbox.mode", ObserveMode,
            description: "1 for the sandbox this process runs generated code in (off: generated code is not run), 0 for the others.");
    }

    public void ModeChosen(SandboxMode mode) => _mode = mode;

    public void Ran(SandboxRunKind kind, SandboxResult result)
    {
        var outcome = result.TimedOut ? SandboxRunOutcome.TimedOut : result.ExitCode == 0 ? SandboxRunOutcome.Succeeded : SandboxRunOutcome.Failed;
        Record(kind, outcome, result.Duration);
        if (result.TimedOut)
        {
            _limits.Add(1, new KeyValuePair<string, object?>("limit", "wall_time"));
        }
        else if (result.LimitHit is { } limit)
        {
            _limits.Add(1, new KeyValuePair<string, object?>("limit", MetricLabel.ValueOf(limit)));
        }
    }

    /// <summary>A run that produced no result: cancelled by the caller, or the sandbox itself could not run it.</summary>
    public void Broke(SandboxRunKind kind, SandboxRunOutcome outcome, TimeSpan duration) => Record(kind, outcome, duration);

    private void Record(SandboxRunKind kind, SandboxRunOutcome outcome, TimeSpan duration)
    {
        var kindLabel = MetricLabel.ValueOf(kind);
        _runs.Add(1, new TagList { { "kind", kindLabel }, { "outcome", MetricLabel.ValueOf(outcome) } });
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", kindLabel));
    }

    private IEnumerable<Measurement<int>> ObserveMode()
    {
        if (_mode is not { } chosen)
        {
            yield break;
        }

        foreach (var mode in Enum.GetValues<SandboxMode>())
        {
            yield return new Measurement<int>(mode == chosen ? 1 : 0, new KeyValuePair<string, object?>("mode", MetricLabel.ValueOf(mode)));
        }
    }
}

internal enum SandboxRunOutcome
{
    Succeeded,

    /// <summary>The command ran and exited non-zero (failing tests, a syntax error, a limit).</summary>
    Failed,
    TimedOut,
    Cancelled,

    /// <summary>The sandbox could not run the command at all (the launcher failed).</summary>
    Error,
}
