namespace DevBot.Observability;

/// <summary>
/// Gauges read when <c>/metrics</c> is scraped rather than recorded as things happen: typically counts in the
/// database all processes share (jobs by status, the Telegram outbox). A feature registers its own as a scoped
/// service; the exporter knows nothing of the features behind them.
/// </summary>
public interface IScrapedGauges
{
    Task<IReadOnlyList<GaugeFamily>> ReadAsync(CancellationToken cancellationToken);
}

/// <param name="Name">The Prometheus name, e.g. <c>devbot_jobs</c>.</param>
public sealed record GaugeFamily(string Name, string Help, IReadOnlyList<GaugeSample> Samples);

public sealed record GaugeSample(double Value, IReadOnlyList<MetricLabel> Labels)
{
    public static GaugeSample Of(double value, params MetricLabel[] labels) => new(value, labels);
}
