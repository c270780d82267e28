using System.Diagnostics;

namespace DevBot.Benchmarks;

/// <summary>Latency samples in milliseconds, summarised as p50/p99 (nearest rank).</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count => _samples.Count;

    public async Task<T> TimeAsync<T>(Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await action();
        _samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    public double Percentile(double p)
    {
        if (_samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _samples.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public string Summary => $"p50 {Percentile(50):F2} ms, p99 {Percentile(99):F2} ms, max {_samples.DefaultIfEmpty().Max():F2} ms (n={Count})";
}
