using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace DevBot.Observability;

/// <summary>
/// Aggregates the instruments of DevBot's meter and ASP.NET Core's HTTP meter in memory and writes them in the
/// Prometheus text exposition format (prometheus-net is not available here; this is the part we need): counters,
/// histograms (with the instrument's advised buckets, else <see cref="DefaultBuckets"/>), up-down counters and
/// observable gauges. Every instrument is announced (HELP and TYPE) from the moment it exists, samples or not.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly HashSet<string> Meters = [DevBotMetrics.MeterName, "Microsoft.AspNetCore.Hosting"];
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrape = new();

    /// <param name="meterFactory">
    /// This host's factory: only meters it created are exported, so two hosts in one process (tests) never mix figures.
    /// </param>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Meters.Contains(instrument.Meter.Name)
                && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && KindOf(instrument) is { } kind)
            {
                var family = new Family(PrometheusName(instrument, kind), instrument.Description ?? instrument.Name, kind, BucketsOf(instrument));
                _families.TryAdd(family.Name, family);
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record((Family)state!, value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Record((Family)state!, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record((Family)state!, value, tags));
        _listener.Start();
    }

    public void Write(StringBuilder output)
    {
        lock (_scrape)
        {
            // Gauges show what their callbacks report now: a label set no longer reported disappears.
            foreach (var gauge in _series.Where(s => s.Value.Family.Kind == MetricKind.Gauge))
            {
                _series.TryRemove(gauge.Key, out _);
            }

            _listener.RecordObservableInstruments();
            var series = _series.Values.ToLookup(s => s.Family.Name, StringComparer.Ordinal);
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                WriteHeader(output, family.Name, family.Help, family.Kind);
                foreach (var one in series[family.Name].OrderBy(s => s.Labels, StringComparer.Ordinal))
                {
                    one.Write(output);
                }
            }
        }
    }

    /// <summary>A gauge family read at scrape time (<see cref="IScrapedGauges"/>), in the same format.</summary>
    public static void Write(StringBuilder output, GaugeFamily family)
    {
        WriteHeader(output, family.Name, family.Help, MetricKind.Gauge);
        foreach (var sample in family.Samples)
        {
            AppendSample(output, family.Name, string.Join(',', sample.Labels.Select(l => Label(l.Name, l.Value))), sample.Value);
        }
    }

    /// <summary>One exposition line: name, labels, value.</summary>
    public static void AppendSample(StringBuilder output, string name, string labels, double value) =>
        output.Append(name).Append(labels.Length == 0 ? string.Empty : "{" + labels + "}").Append(' ')
            .AppendLine(value.ToString("R", CultureInfo.InvariantCulture));

    public static string Label(string name, string value) =>
        $"{name}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"";

    private static void WriteHeader(StringBuilder output, string name, string help, MetricKind kind)
    {
        output.Append("# HELP ").Append(name).Append(' ').AppendLine(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        output.Append("# TYPE ").Append(name).Append(' ').AppendLine(kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        });
    }

    private void Record(Family family, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = string.Join(',', tags.ToArray()
            .Where(t => t.Value is not null)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => Label(Sanitize(t.Key), Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? string.Empty)));
        _series.GetOrAdd(family.Name + "|" + labels, _ => new Series(family, labels)).Add(value);
    }

    private static MetricKind? KindOf(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<double> or Counter<int> => MetricKind.Counter,
        Histogram<double> or Histogram<long> or Histogram<int> => MetricKind.Histogram,
        UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> => MetricKind.UpDownCounter,
        ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double> => MetricKind.Gauge,
        _ => null,
    };

    private static double[] BucketsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } advised } => [.. advised],
        Histogram<long> { Advice.HistogramBucketBoundaries: { Count: > 0 } advised } => [.. advised.Select(b => (double)b)],
        _ => DefaultBuckets,
    };

    private static string PrometheusName(Instrument instrument, MetricKind kind)
    {
        var name = Sanitize(instrument.Name);
        if (instrument.Unit is "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
        {
            name += "_seconds";
        }

        return kind == MetricKind.Counter ? name + "_total" : name;
    }

    private static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    public void Dispose() => _listener.Dispose();

    private enum MetricKind
    {
        Counter,
        Histogram,
        UpDownCounter,
        Gauge,
    }

    private sealed record Family(string Name, string Help, MetricKind Kind, double[] Buckets);

    private sealed class Series(Family family, string labels)
    {
        private readonly Lock _gate = new();
        private readonly long[] _bucketCounts = new long[family.Buckets.Length];
        private double _sum;
        private long _count;

        public Family Family { get; } = family;

        public string Labels { get; } = labels;

        public void Add(double value)
        {
            lock (_gate)
            {
                _count++;
                _sum = Family.Kind == MetricKind.Gauge ? value : _sum + value;
                if (Family.Kind == MetricKind.Histogram)
                {
                    for (var i = 0; i < _bucketCounts.Length; i++)
                    {
                        if (value <= Family.Buckets[i])
                        {
                            _bucketCounts[i]++;
                        }
                    }
                }
            }
        }

        public void Write(StringBuilder output)
        {
            lock (_gate)
            {
                if (Family.Kind != MetricKind.Histogram)
                {
                    AppendSample(output, Family.Name, Labels, _sum);
                    return;
                }

                var prefix = Labels.Length == 0 ? string.Empty : Labels + ",";
                for (var i = 0; i < _bucketCounts.Length; i++)
                {
                    AppendSample(output, Family.Name + "_bucket", prefix + Label("le", Family.Buckets[i].ToString("R", CultureInfo.InvariantCulture)), _bucketCounts[i]);
                }

                AppendSample(output, Family.Name + "_bucket", prefix + Label("le", "+Inf"), _count);
                AppendSample(output, Family.Name + "_sum", Labels, _sum);
                AppendSample(output, Family.Name + "_count", Labels, _count);
            }
        }
    }
}
