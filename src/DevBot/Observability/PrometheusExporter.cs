using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace DevBot.Observability;

/// <summary>
/// Aggregates counters and histograms of DevBot's meter and ASP.NET Core's HTTP meter in memory and writes
/// them in the Prometheus text exposition format (prometheus-net is not available here; this is the part we need).
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly HashSet<string> Meters = [DevBotMetrics.MeterName, "Microsoft.AspNetCore.Hosting"];
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    /// <param name="meterFactory">
    /// This host's factory: only meters it created are exported, so two hosts in one process (tests) never mix figures.
    /// </param>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Meters.Contains(instrument.Meter.Name)
                && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument is Counter<long> or Counter<double> or Histogram<double> or Histogram<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Write(StringBuilder output)
    {
        foreach (var family in _series.Values.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = family.First();
            output.Append("# HELP ").Append(family.Key).Append(' ').AppendLine(first.Help);
            output.Append("# TYPE ").Append(family.Key).Append(' ').AppendLine(first.IsHistogram ? "histogram" : "counter");
            foreach (var series in family.OrderBy(s => s.Labels, StringComparer.Ordinal))
            {
                series.Write(output);
            }
        }
    }

    /// <summary>One exposition line: name, labels, value.</summary>
    public static void AppendSample(StringBuilder output, string name, string labels, double value) =>
        output.Append(name).Append(labels.Length == 0 ? string.Empty : "{" + labels + "}").Append(' ')
            .AppendLine(value.ToString("R", CultureInfo.InvariantCulture));

    public static string Label(string name, string value) =>
        $"{name}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"";

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = string.Join(',', tags.ToArray()
            .Where(t => t.Value is not null)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => Label(Sanitize(t.Key), Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? string.Empty)));
        var isHistogram = instrument is Histogram<double> or Histogram<long>;
        var name = PrometheusName(instrument, isHistogram);
        var series = _series.GetOrAdd(name + "|" + labels, _ => new Series(name, labels, instrument.Description ?? name, isHistogram));
        series.Add(value);
    }

    private static string PrometheusName(Instrument instrument, bool isHistogram)
    {
        var name = Sanitize(instrument.Name);
        if (instrument.Unit is "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
        {
            name += "_seconds";
        }

        return isHistogram ? name : name + "_total";
    }

    private static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    public void Dispose() => _listener.Dispose();

    private sealed class Series(string name, string labels, string help, bool isHistogram)
    {
        private readonly Lock _gate = new();
        private readonly long[] _bucketCounts = new long[Buckets.Length];
        private double _sum;
        private long _count;

        public string Name { get; } = name;
        public string Labels { get; } = labels;
        public string Help { get; } = help;
        public bool IsHistogram { get; } = isHistogram;

        public void Add(double value)
        {
            lock (_gate)
            {
                _sum += value;
                _count++;
                if (IsHistogram)
                {
                    for (var i = 0; i < Buckets.Length; i++)
                    {
                        if (value <= Buckets[i])
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
                if (!IsHistogram)
                {
                    AppendSample(output, Name, Labels, _sum);
                    return;
                }

                var prefix = Labels.Length == 0 ? string.Empty : Labels + ",";
                for (var i = 0; i < Buckets.Length; i++)
                {
                    AppendSample(output, Name + "_bucket", prefix + Label("le", Buckets[i].ToString("R", CultureInfo.InvariantCulture)), _bucketCounts[i]);
                }

                AppendSample(output, Name + "_bucket", prefix + Label("le", "+Inf"), _count);
                AppendSample(output, Name + "_sum", Labels, _sum);
                AppendSample(output, Name + "_count", Labels, _count);
            }
        }
    }
}
