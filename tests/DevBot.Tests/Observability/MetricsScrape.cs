using System.Globalization;
using System.Text.RegularExpressions;

namespace DevBot.Tests.Observability;

/// <summary>Reads <c>/metrics</c> as Prometheus would: samples by name and labels.</summary>
internal static partial class MetricsScrape
{
    public static async Task<string> ReadAsync(HttpClient http, CancellationToken cancellationToken = default)
    {
        var response = await http.GetAsync("/metrics", cancellationToken);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (figures recorded a moment after the API shows a state).</summary>
    public static async Task<string> UntilAsync(HttpClient http, Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var text = string.Empty;
        try
        {
            while (true)
            {
                text = await ReadAsync(http, deadline.Token);
                if (condition(text))
                {
                    return text;
                }

                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new ShouldAssertException($"/metrics never showed {what}. Last scrape:\n{text}");
        }
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/> (0 when none).</summary>
    public static double Sum(string text, string name, params (string Name, string Value)[] labels) =>
        Samples(text, name).Where(s => labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    public static IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> Samples(string text, string name)
    {
        var samples = new List<(IReadOnlyDictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line.TrimEnd('\r'));
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            samples.Add((labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    /// <summary>Every metric family the text declares (its <c># TYPE</c> lines).</summary>
    public static IReadOnlyDictionary<string, string> Families(string text) =>
        text.Split('\n').Select(l => l.Split(' ')).Where(p => p.Length == 4 && p[0] == "#" && p[1] == "TYPE").ToDictionary(p => p[2], p => p[3].Trim());

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LabelPair();
}
