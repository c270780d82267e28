using System.Runtime.Versioning;
using DevBot.Sandbox;
using DevBot.Verification;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Benchmarks;

/// <summary>
/// What running generated code costs: the start-up overhead of one sandboxed command (<c>true</c> in bubblewrap
/// against <c>true</c> started directly, through the same process runner), a whole session (copy, run, delete), and the
/// checks of a small Python project per task (static check) and per build (unittest run).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class SandboxOverhead
{
    public static async Task RunAsync(int runs)
    {
        var sandbox = SandboxSelector.Select(new SandboxOptions { Mode = "bwrap" }, TimeProvider.System, NullLogger.Instance);
        if (sandbox.Mode != SandboxMode.Bwrap)
        {
            Console.WriteLine($"bubblewrap is not usable here: {sandbox.Warning}");
            return;
        }

        Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, running as {(Environment.IsPrivilegedProcess ? "root (sandbox as an unprivileged uid)" : "an ordinary user")}");

        var direct = new Latencies();
        var inSandbox = new Latencies();
        var wholeSession = new Latencies();
        var launcher = SandboxEnvironment.ForLauncher([]);
        await using (var session = await sandbox.OpenAsync(new Dictionary<string, string>(), CancellationToken.None))
        {
            for (var i = 0; i < 5; i++)
            {
                await session.RunAsync(new SandboxCommand(["true"]), CancellationToken.None);
            }

            for (var i = 0; i < runs; i++)
            {
                await direct.TimeAsync(() => SandboxProcess.RunAsync(["/usr/bin/true"], launcher, TimeSpan.FromSeconds(30), 4096, null, TimeProvider.System, CancellationToken.None));
                await inSandbox.TimeAsync(() => session.RunAsync(new SandboxCommand(["true"]), CancellationToken.None));
            }
        }

        var project = SmallPythonProject();
        for (var i = 0; i < runs; i++)
        {
            await wholeSession.TimeAsync(async () =>
            {
                await using var session = await sandbox.OpenAsync(project, CancellationToken.None);
                return await session.RunAsync(new SandboxCommand(["true"]), CancellationToken.None);
            });
        }

        Console.WriteLine($"  true, started directly:          {direct.Summary}");
        Console.WriteLine($"  true, in bubblewrap (session):    {inSandbox.Summary}");
        Console.WriteLine($"  overhead per sandboxed command:   {inSandbox.Percentile(50) - direct.Percentile(50):F1} ms (median)");
        Console.WriteLine($"  open + true + delete, {project.Count} files: {wholeSession.Summary}");

        var checks = new ProjectChecks(sandbox, NullLogger<ProjectChecks>.Instance);
        var staticChecks = new Latencies();
        var tests = new Latencies();
        var checkRuns = Math.Max(3, runs / 5);
        for (var i = 0; i < checkRuns; i++)
        {
            var report = await staticChecks.TimeAsync(() => checks.RunStaticChecksAsync(project, [.. project.Keys], null, CancellationToken.None));
            var run = await tests.TimeAsync(() => checks.RunTestsAsync(project, null, CancellationToken.None));
            if (!report.Clean || run.Status != TestRunStatus.Passed)
            {
                throw new InvalidOperationException($"The sample project should be clean and pass: {run.Status} {run.Output}");
            }
        }

        Console.WriteLine($"  static check of {project.Count} files (placeholders + python compile): {staticChecks.Summary}");
        Console.WriteLine($"  unittest run ({TestCount} tests):            {tests.Summary}");
        Console.WriteLine($"  per build (one static check + one test run, medians): {staticChecks.Percentile(50) + tests.Percentile(50):F0} ms");
    }

    private const int TestCount = 12;

    /// <summary>A small project of the kind DevBot builds: a module with a few functions and a unittest suite.</summary>
    private static Dictionary<string, string> SmallPythonProject()
    {
        var files = new Dictionary<string, string>
        {
            ["README.md"] = "# Converter\n",
            ["converter/__init__.py"] = "",
            ["converter/units.py"] = """
                FACTORS = {"km": 1000.0, "m": 1.0, "cm": 0.01, "mm": 0.001, "mi": 1609.344, "ft": 0.3048}


                def convert(value, source, target):
                    if source not in FACTORS or target not in FACTORS:
                        raise ValueError(f"unknown unit: {source} or {target}")
                    return value * FACTORS[source] / FACTORS[target]


                def celsius_to_fahrenheit(celsius):
                    return celsius * 9 / 5 + 32


                def fahrenheit_to_celsius(fahrenheit):
                    return (fahrenheit - 32) * 5 / 9
                """,
            ["converter/cli.py"] = """
                import argparse

                from converter.units import convert


                def main(argv=None):
                    parser = argparse.ArgumentParser(description="Convert lengths")
                    parser.add_argument("value", type=float)
                    parser.add_argument("source")
                    parser.add_argument("target")
                    args = parser.parse_args(argv)
                    print(f"{convert(args.value, args.source, args.target):.4f}")
                    return 0
                """,
        };
        var tests = new System.Text.StringBuilder("import unittest\n\nfrom converter.units import celsius_to_fahrenheit, convert, fahrenheit_to_celsius\n\n\nclass UnitsTest(unittest.TestCase):\n");
        for (var i = 0; i < TestCount; i++)
        {
            tests.Append($"    def test_case_{i}(self):\n        self.assertAlmostEqual(fahrenheit_to_celsius(celsius_to_fahrenheit({i})), {i})\n        self.assertAlmostEqual(convert({i}, 'km', 'm'), {i * 1000})\n\n");
        }

        files["tests/test_units.py"] = tests.ToString();
        return files;
    }
}
