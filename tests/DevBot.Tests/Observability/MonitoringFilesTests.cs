using System.Text.Json;
using System.Text.RegularExpressions;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram;
using YamlDotNet.RepresentationModel;

namespace DevBot.Tests.Observability;

/// <summary>
/// deploy/monitoring: the Prometheus alert rules are valid (promtool, installed by scripts/test.sh from Debian's
/// prometheus package) and every metric the rules and the Grafana dashboard query is one DevBot really exports, as
/// read from a running host with every feature that has metrics switched on (Telegram included).
/// </summary>
public sealed partial class MonitoringFilesTests
{
    private static readonly string Monitoring = Path.Combine(RepositoryRoot.Path, "deploy", "monitoring");

    [Fact]
    public async Task Every_metric_in_the_alert_rules_and_the_dashboard_is_exported_by_DevBot()
    {
        var rules = AlertRules();
        var dashboard = DashboardQueries();
        rules.Count.ShouldBeGreaterThanOrEqualTo(4);
        dashboard.Count.ShouldBeGreaterThanOrEqualTo(10);

        var exported = await ExportedFamiliesAsync();

        var unknown = rules.Select(r => (Where: "alerts.yml " + r.Alert, r.Expr)).Concat(dashboard.Select(d => (Where: "dashboard " + d.Panel, d.Expr)))
            .SelectMany(q => MetricNames(q.Expr).Where(name => !exported.Contains(FamilyOf(name, exported))).Select(name => $"{q.Where}: {name}"))
            .ToList();
        unknown.ShouldBeEmpty("every metric queried must be one DevBot exports; exported: " + string.Join(", ", exported.Order()));
    }

    [Fact]
    public void The_alert_rules_cover_queue_length_failure_rate_outbox_backlog_and_model_errors()
    {
        var rules = AlertRules();

        rules.ShouldAllBe(r => r.Severity.Length > 0 && r.Summary.Length > 0 && r.Expr.Length > 0);
        rules.Select(r => r.Alert).ShouldBeUnique();
        rules.ShouldContain(r => r.Expr.Contains("devbot_jobs{status=\"queued\"}", StringComparison.Ordinal), "queue too long");
        rules.ShouldContain(r => r.Expr.Contains("devbot_builds_finished_total{outcome=\"failed\"}", StringComparison.Ordinal), "build failure rate");
        rules.ShouldContain(r => r.Expr.Contains("devbot_telegram_outbox_", StringComparison.Ordinal), "outbox backlog");
        rules.ShouldContain(r => r.Expr.Contains("devbot_llm_calls_total{outcome!=\"succeeded\"}", StringComparison.Ordinal), "model errors");
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var promtool = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator).Select(d => Path.Combine(d, "promtool")).FirstOrDefault(File.Exists);
        promtool.ShouldNotBeNull("promtool is missing: scripts/test.sh installs it (apt-get install prometheus)");

        var result = await ProcessRunner.RunAsync(promtool, ["check", "rules", Path.Combine(Monitoring, "alerts.yml")], Monitoring, TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.ShouldContain("SUCCESS");
    }

    private static async Task<HashSet<string>> ExportedFamiliesAsync()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        // Instruments come into being with their feature's first use: one build over HTTP uses them all.
        var alice = await rig.Host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await ProjectApi.WaitForStatusAsync(alice.Http, id)).GetProperty("status").GetString().ShouldBe("completed");
        using var anonymous = rig.Host.CreateClient();
        var text = await MetricsScrape.UntilAsync(anonymous, t => t.Contains("# TYPE devbot_builds_finished_total", StringComparison.Ordinal), "the build's metrics");
        return [.. MetricsScrape.Families(text).Keys];
    }

    /// <summary>The family a sample name belongs to (a histogram's _bucket, _sum and _count series are its family's).</summary>
    private static string FamilyOf(string name, IReadOnlySet<string> families)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && families.Contains(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static IEnumerable<string> MetricNames(string expr) => MetricName().Matches(expr).Select(m => m.Value).Distinct();

    private sealed record AlertRule(string Alert, string Expr, string Severity, string Summary);

    private static List<AlertRule> AlertRules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Monitoring, "alerts.yml")))
        {
            yaml.Load(reader);
        }

        var rules = new List<AlertRule>();
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
        {
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            {
                var labels = (YamlMappingNode)rule["labels"];
                var annotations = (YamlMappingNode)rule["annotations"];
                rules.Add(new AlertRule(Scalar(rule, "alert"), Scalar(rule, "expr"), Scalar(labels, "severity"), Scalar(annotations, "summary")));
            }
        }

        return rules;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? string.Empty : string.Empty;

    private static List<(string Panel, string Expr)> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Monitoring, "grafana-dashboard.json")));
        dashboard.RootElement.GetProperty("uid").GetString().ShouldNotBeNullOrEmpty();
        return
        [
            .. dashboard.RootElement.GetProperty("panels").EnumerateArray()
                .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!))),
        ];
    }

    /// <summary>DevBot's own metric names and ASP.NET Core's HTTP ones, as they appear in PromQL.</summary>
    [GeneratedRegex(@"\b(devbot|http_server)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
