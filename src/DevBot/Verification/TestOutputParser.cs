using System.Globalization;
using System.Text.RegularExpressions;

namespace DevBot.Verification;

/// <summary>
/// Reads passed / failed / error / skipped counts from a test runner's output: unittest, pytest, node --test (TAP and
/// spec), jest, vitest, mocha, dotnet test and go test -v. An explicit command's output is tried against every format.
/// An unknown format gives null: the exit code alone decides then.
/// </summary>
internal static partial class TestOutputParser
{
    private delegate TestCounts? Reader(string output);

    public static TestCounts? Parse(TestFramework framework, string output)
    {
        Reader[] readers = framework switch
        {
            TestFramework.Unittest => [Unittest],
            TestFramework.Pytest => [Pytest],
            TestFramework.NodeTest => [NodeTest],
            TestFramework.NpmTest => [NodeTest, Jest, Vitest, Mocha, Pytest],
            TestFramework.DotnetTest => [Dotnet],
            TestFramework.GoTest => [GoTest],
            TestFramework.Explicit => [Pytest, Unittest, NodeTest, Jest, Vitest, Mocha, Dotnet, GoTest],
            _ => [],
        };
        return readers.Select(read => read(output)).FirstOrDefault(counts => counts is not null);
    }

    /// <summary>"Ran 5 tests in 0.01s" then "OK (skipped=1)" or "FAILED (failures=1, errors=2, skipped=1)".</summary>
    private static TestCounts? Unittest(string output)
    {
        var ran = UnittestRan().Matches(output).LastOrDefault();
        if (ran is null)
        {
            return null;
        }

        var total = Number(ran.Groups["n"].Value);
        var verdict = UnittestVerdict().Match(output, ran.Index);
        var details = verdict.Success ? verdict.Groups["details"].Value : "";
        var failures = Detail(details, "failures") + Detail(details, "unexpected successes");
        var errors = Detail(details, "errors");
        var skipped = Detail(details, "skipped");
        return new TestCounts(Math.Max(0, total - failures - errors - skipped), failures, errors, skipped);
    }

    /// <summary>The last "=== 2 failed, 3 passed, 1 skipped in 0.12s ===" (or the -q form without the rulers).</summary>
    private static TestCounts? Pytest(string output)
    {
        var line = PytestSummary().Matches(output).LastOrDefault();
        if (line is null)
        {
            return null;
        }

        var counts = PytestCount().Matches(line.Groups["counts"].Value)
            .GroupBy(m => m.Groups["kind"].Value.TrimEnd('s'))
            .ToDictionary(g => g.Key, g => g.Sum(m => Number(m.Groups["n"].Value)), StringComparer.Ordinal);
        int Count(string kind) => counts.GetValueOrDefault(kind);
        return new TestCounts(Count("passed") + Count("xfailed"), Count("failed") + Count("xpassed"), Count("error"), Count("skipped"));
    }

    /// <summary>node --test: TAP "# pass 3" / "# fail 1", or the spec reporter's "ℹ pass 3".</summary>
    private static TestCounts? NodeTest(string output)
    {
        var values = NodeSummary().Matches(output)
            .GroupBy(m => m.Groups["kind"].Value)
            .ToDictionary(g => g.Key, g => Number(g.Last().Groups["n"].Value), StringComparer.Ordinal);
        if (!values.ContainsKey("pass") && !values.ContainsKey("fail"))
        {
            return null;
        }

        return new TestCounts(values.GetValueOrDefault("pass"), values.GetValueOrDefault("fail"), values.GetValueOrDefault("cancelled"),
            values.GetValueOrDefault("skipped") + values.GetValueOrDefault("todo"));
    }

    /// <summary>jest: "Tests:       1 failed, 2 skipped, 3 passed, 6 total".</summary>
    private static TestCounts? Jest(string output) => NamedCounts(JestSummary(), output);

    /// <summary>vitest: "Tests  1 failed | 2 passed (3)".</summary>
    private static TestCounts? Vitest(string output) => NamedCounts(VitestSummary(), output);

    private static TestCounts? NamedCounts(Regex summary, string output)
    {
        var line = summary.Matches(output).LastOrDefault();
        if (line is null)
        {
            return null;
        }

        var text = line.Groups["counts"].Value;
        return new TestCounts(Named(text, "passed"), Named(text, "failed"), 0, Named(text, "skipped") + Named(text, "todo"));
    }

    /// <summary>mocha: "  3 passing (12ms)", "  1 failing", "  2 pending".</summary>
    private static TestCounts? Mocha(string output)
    {
        var passing = MochaLine().Matches(output).Where(m => m.Groups["kind"].Value == "passing").LastOrDefault();
        if (passing is null)
        {
            return null;
        }

        int Last(string kind) => MochaLine().Matches(output).Where(m => m.Groups["kind"].Value == kind).Select(m => Number(m.Groups["n"].Value)).LastOrDefault();
        return new TestCounts(Number(passing.Groups["n"].Value), Last("failing"), 0, Last("pending"));
    }

    /// <summary>
    /// dotnet test: per test project "Passed!  - Failed: 0, Passed: 5, Skipped: 0, Total: 5" (VSTest) or
    /// "total: 5, failed: 1, succeeded: 4, skipped: 0" (Microsoft.Testing.Platform); several projects are summed.
    /// </summary>
    private static TestCounts? Dotnet(string output)
    {
        var lines = DotnetVsTest().Matches(output);
        if (lines.Count == 0)
        {
            lines = DotnetPlatform().Matches(output);
        }

        return lines.Count == 0
            ? null
            : lines.Aggregate(new TestCounts(0, 0, 0, 0), (sum, m) => sum with
            {
                Passed = sum.Passed + Number(m.Groups["passed"].Value),
                Failed = sum.Failed + Number(m.Groups["failed"].Value),
                Skipped = sum.Skipped + Number(m.Groups["skipped"].Value),
            });
    }

    /// <summary>go test -v: top-level "--- PASS: / --- FAIL: / --- SKIP:" lines; a package that did not build counts as an error.</summary>
    private static TestCounts? GoTest(string output)
    {
        var results = GoResult().Matches(output);
        var broken = GoBroken().Matches(output).Count;
        var packages = GoPackage().Matches(output).Count;
        if (results.Count == 0 && broken == 0 && packages == 0)
        {
            return null;
        }

        int Count(string kind) => results.Count(m => m.Groups["kind"].Value == kind);
        return new TestCounts(Count("PASS"), Count("FAIL"), broken, Count("SKIP"));
    }

    private static int Detail(string details, string name)
    {
        var match = Regex.Match(details, Regex.Escape(name) + @"=(\d+)");
        return match.Success ? Number(match.Groups[1].Value) : 0;
    }

    private static int Named(string text, string name)
    {
        var match = Regex.Match(text, @"(\d+) " + Regex.Escape(name));
        return match.Success ? Number(match.Groups[1].Value) : 0;
    }

    private static int Number(string digits) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    [GeneratedRegex(@"^Ran (?<n>\d+) tests? in ", RegexOptions.Multiline)]
    private static partial Regex UnittestRan();

    [GeneratedRegex(@"^(?:OK|FAILED|NO TESTS RAN)(?: \((?<details>[^)]*)\))?\s*$", RegexOptions.Multiline)]
    private static partial Regex UnittestVerdict();

    [GeneratedRegex(@"^(?:=+ )?(?<counts>(?:\d+ (?:passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?|rerun)(?:, )?)+)(?: in [\d.]+s.*?)?(?: =+)?\s*$", RegexOptions.Multiline)]
    private static partial Regex PytestSummary();

    [GeneratedRegex(@"(?<n>\d+) (?<kind>passed|failed|errors?|skipped|xfailed|xpassed)")]
    private static partial Regex PytestCount();

    [GeneratedRegex(@"^[#ℹ] (?<kind>tests|suites|pass|fail|cancelled|skipped|todo) (?<n>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NodeSummary();

    [GeneratedRegex(@"^Tests:\s+(?<counts>.*\d+ total)\s*$", RegexOptions.Multiline)]
    private static partial Regex JestSummary();

    [GeneratedRegex(@"^\s*Tests\s+(?<counts>(?:\d+ (?:failed|passed|skipped|todo)(?: \| )?)+) \(\d+\)\s*$", RegexOptions.Multiline)]
    private static partial Regex VitestSummary();

    [GeneratedRegex(@"^\s+(?<n>\d+) (?<kind>passing|failing|pending)\b", RegexOptions.Multiline)]
    private static partial Regex MochaLine();

    [GeneratedRegex(@"(?:Passed|Failed)!\s+-\s+Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),\s+Skipped:\s+(?<skipped>\d+),\s+Total:\s+\d+")]
    private static partial Regex DotnetVsTest();

    [GeneratedRegex(@"total:\s*\d+,\s*failed:\s*(?<failed>\d+),\s*succeeded:\s*(?<passed>\d+),\s*skipped:\s*(?<skipped>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex DotnetPlatform();

    [GeneratedRegex(@"^--- (?<kind>PASS|FAIL|SKIP): ", RegexOptions.Multiline)]
    private static partial Regex GoResult();

    [GeneratedRegex(@"^FAIL\s+\S+\s+\[(?:build|setup) failed\]", RegexOptions.Multiline)]
    private static partial Regex GoBroken();

    [GeneratedRegex(@"^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\(cached\)|\[)", RegexOptions.Multiline)]
    private static partial Regex GoPackage();
}
