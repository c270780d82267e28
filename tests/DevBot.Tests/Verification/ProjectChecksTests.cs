using System.Runtime.Versioning;
using System.Text;
using DevBot.Sandbox;
using DevBot.Tests.Sandbox;
using DevBot.Verification;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Tests.Verification;

/// <summary>The checks the pipeline will call, run for real in bubblewrap over small real projects.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ProjectChecksTests
{
    private static ProjectChecks Checks(Action<SandboxOptions>? configure = null) =>
        new(RealSandbox.Create(configure), NullLogger<ProjectChecks>.Instance);

    [Fact]
    public async Task A_correct_python_project_passes_its_unittest_tests()
    {
        var report = await Checks().RunTestsAsync(SampleProjects.Python(), null, CancellationToken.None);

        report.Status.ShouldBe(TestRunStatus.Passed, report.Output);
        report.Command.ShouldBe("python3 -m unittest discover -v -s tests");
        report.Framework.ShouldBe(TestFramework.Unittest);
        report.ExitCode.ShouldBe(0);
        report.Counts.ShouldBe(new TestCounts(4, 0, 0, 0));
        report.Digest.ShouldBeEmpty();
        report.Output.ShouldContain("Ran 4 tests");
    }

    [Fact]
    public async Task A_broken_python_project_fails_with_the_right_counts_and_a_digest_of_its_failures()
    {
        var report = await Checks().RunTestsAsync(SampleProjects.BrokenPython(), null, CancellationToken.None);

        report.Status.ShouldBe(TestRunStatus.Failed, report.Output);
        report.ExitCode.ShouldBe(1);
        report.Counts.ShouldBe(new TestCounts(2, 1, 1, 0));
        report.Digest.ShouldContain("FAIL: test_divide");
        report.Digest.ShouldContain("AssertionError: 3 != 3.5");
        report.Digest.ShouldContain("ERROR: test_parse");
        report.Digest.ShouldContain("ValueError: not enough values to unpack");
        report.Digest.ShouldContain("FAILED (failures=1, errors=1)");
        report.MissingDependencies.ShouldBeEmpty();
        Encoding.UTF8.GetByteCount(report.Output).ShouldBeLessThanOrEqualTo(ProjectChecks.OutputTailBytes);
    }

    [Fact]
    public async Task A_node_project_passes_with_node_test_and_a_broken_one_fails_with_counts_and_digest()
    {
        var checks = Checks();

        var passed = await checks.RunTestsAsync(SampleProjects.Node(), null, CancellationToken.None);
        var failed = await checks.RunTestsAsync(SampleProjects.BrokenNode(), null, CancellationToken.None);

        passed.Status.ShouldBe(TestRunStatus.Passed, passed.Output);
        passed.Command.ShouldBe("node --test --test-reporter=tap test/stats.test.js");
        passed.Counts.ShouldBe(new TestCounts(3, 0, 0, 0));
        failed.Status.ShouldBe(TestRunStatus.Failed, failed.Output);
        failed.Counts.ShouldBe(new TestCounts(2, 1, 0, 0));
        failed.Digest.ShouldContain("not ok 2 - averages values");
        failed.Digest.ShouldContain("2.5");
        failed.Digest.ShouldContain("# fail 1");
    }

    [Fact]
    public async Task A_hanging_test_times_out_and_reports_it()
    {
        var files = SampleProjects.Python();
        files["tests/test_hang.py"] = "import time\nimport unittest\n\n\nclass Hang(unittest.TestCase):\n    def test_waits_forever(self):\n        time.sleep(3600)\n";

        var report = await Checks(o => o.TimeoutSeconds = 3).RunTestsAsync(files, null, CancellationToken.None);

        report.Status.ShouldBe(TestRunStatus.TimedOut);
        report.TimedOut.ShouldBeTrue();
        report.ExitCode.ShouldBeNull();
        report.Reason.ShouldBe("the run did not finish within 3 s and was stopped");
        report.Digest.ShouldContain("test_waits_forever");
    }

    [Fact]
    public async Task Tests_that_need_a_package_which_cannot_be_installed_report_dependencies_unavailable()
    {
        var files = SampleProjects.Python();
        files["requirements.txt"] = "requests==2.32.3\n";
        files["tests/test_http.py"] = "import unittest\n\nimport requests\n\n\nclass Http(unittest.TestCase):\n    def test_get(self):\n        self.assertTrue(requests)\n";

        var report = await Checks(o => o.InstallNetwork = false).RunTestsAsync(files, null, CancellationToken.None);

        report.Status.ShouldBe(TestRunStatus.DependenciesUnavailable, report.Output);
        report.MissingDependencies.ShouldBe(["requests"]);
        report.Reason.ShouldBe("dependencies unavailable: requests could not be loaded because requirements.txt lists packages, but the install step has no network (SANDBOX_INSTALL_NETWORK=false)");
        report.Install.ShouldBeNull();
    }

    [Fact]
    public async Task Pytest_style_tests_run_with_unittest_when_pytest_is_not_installed_and_say_so()
    {
        var files = SampleProjects.Python();
        files["tests/test_more.py"] = "import pytest\n\nfrom calc import add\n\n\ndef test_add():\n    assert add(1, 1) == 2\n";

        var report = await Checks().RunTestsAsync(files, null, CancellationToken.None);

        // pytest is not installed on these machines: the probe fails, unittest runs, and the pytest import is a missing dependency.
        report.Framework.ShouldBe(TestFramework.Unittest);
        report.Status.ShouldBe(TestRunStatus.DependenciesUnavailable, report.Output);
        report.MissingDependencies.ShouldBe(["pytest"]);
    }

    [Fact]
    public async Task A_project_without_tests_gets_its_compile_check_instead()
    {
        var files = new Dictionary<string, string> { ["app.py"] = "print('hi')\n", ["broken.py"] = "def f(:\n    pass\n" };

        var report = await Checks().RunTestsAsync(files, null, CancellationToken.None);
        var fixedReport = await Checks().RunTestsAsync(new Dictionary<string, string> { ["app.py"] = "print('hi')\n" }, null, CancellationToken.None);

        report.Status.ShouldBe(TestRunStatus.Failed);
        report.Framework.ShouldBe(TestFramework.None);
        report.Digest.ShouldContain("broken.py:1: SyntaxError");
        fixedReport.Status.ShouldBe(TestRunStatus.NoTests);
        fixedReport.Reason.ShouldBe("no tests were found; the code compiles");
    }

    [Fact]
    public async Task A_dotnet_project_is_restored_offline_and_built_and_its_compile_errors_carry_file_and_line()
    {
        var files = new Dictionary<string, string>
        {
            ["Hello.csproj"] = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>",
            ["Program.cs"] = "System.Console.WriteLine(\"hello\");\n",
        };
        var checks = Checks(o => o.TimeoutSeconds = 600);

        var built = await checks.RunTestsAsync(files, null, CancellationToken.None);
        files["Program.cs"] = "System.Console.WriteLine(\"hello\")\n";
        var broken = await checks.RunStaticChecksAsync(files, ["Program.cs"], null, CancellationToken.None);

        built.Status.ShouldBe(TestRunStatus.NoTests, built.Output);
        built.Command.ShouldBe("dotnet build Hello.csproj --no-restore --nologo");
        built.Install.ShouldNotBeNull().Succeeded.ShouldBeTrue(built.Install.Output);
        broken.Findings.ShouldBe([new StaticFinding("Program.cs", 1, "CS1002: ; expected", "dotnet")]);
    }

    [Fact]
    public async Task An_explicit_test_command_runs_instead_of_the_detected_one()
    {
        var report = await Checks().RunTestsAsync(SampleProjects.Python(), "python3 -m unittest tests/test_calc.py", CancellationToken.None);

        report.Status.ShouldBe(TestRunStatus.Passed, report.Output);
        report.Command.ShouldBe("python3 -m unittest tests/test_calc.py");
        report.Framework.ShouldBe(TestFramework.Explicit);
        report.Counts.ShouldBe(new TestCounts(4, 0, 0, 0));
    }

    [Fact]
    public async Task Static_checks_report_syntax_errors_with_file_and_line_and_placeholders_of_the_changed_files()
    {
        var files = new Dictionary<string, string>
        {
            ["calc.py"] = "def add(a, b):\n    return a +\n",
            ["util.py"] = "def helper():\n    pass\n",
            ["web/app.js"] = "const total = ;\n",
            ["web/ok.js"] = "// TODO later\nmodule.exports = 1;\n",
            ["untouched.py"] = "def f(:\n",
        };

        var report = await Checks().RunStaticChecksAsync(files, ["calc.py", "util.py", "web/app.js", "web/ok.js"], null, CancellationToken.None);

        report.Clean.ShouldBeFalse();
        report.Findings.ShouldBe(
        [
            new StaticFinding("calc.py", 2, "SyntaxError: invalid syntax", "python"),
            new StaticFinding("web/app.js", 1, "SyntaxError: Unexpected token ';'", "node"),
        ]);
        report.Placeholders.Select(p => p.ToString()).ShouldBe(["util.py:1: [empty-body] def helper():", "web/ok.js:1: [todo] // TODO later"]);
        report.Runs.Select(r => r.Kind).ShouldBe([CheckKind.Static, CheckKind.Static]);
        report.NotRun.ShouldBeEmpty();
    }

    [Fact]
    public async Task Static_checks_of_clean_files_are_clean()
    {
        var report = await Checks().RunStaticChecksAsync(SampleProjects.Python(), ["calc.py", "tests/test_calc.py", "README.md"], null, CancellationToken.None);

        report.Clean.ShouldBeTrue(string.Join('\n', report.Findings.Select(f => f.ToString()).Concat(report.Placeholders.Select(p => p.ToString()))));
        report.Runs.Single().Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task With_the_sandbox_off_nothing_runs_but_placeholders_are_still_found()
    {
        var off = SandboxSelector.Select(new SandboxOptions { Mode = "off" }, TimeProvider.System, NullLogger.Instance);
        var checks = new ProjectChecks(off, NullLogger<ProjectChecks>.Instance);
        var files = new Dictionary<string, string> { ["calc.py"] = "def add(a, b):\n    # TODO\n    return a +\n" };

        var staticReport = await checks.RunStaticChecksAsync(files, ["calc.py"], null, CancellationToken.None);
        var tests = await checks.RunTestsAsync(SampleProjects.Python(), null, CancellationToken.None);

        staticReport.Placeholders.Single().Rule.ShouldBe(PlaceholderRule.TodoLeft);
        staticReport.Findings.ShouldBeEmpty();
        staticReport.NotRun.ShouldBe(["the code was not run: running generated code is switched off (SANDBOX=off)"]);
        tests.Status.ShouldBe(TestRunStatus.NotRun);
        tests.Reason.ShouldBe("the code was not run: running generated code is switched off (SANDBOX=off)");
        tests.Command.ShouldBe("python3 -m unittest discover -v -s tests");
    }

    [Fact]
    public async Task A_toolchain_missing_on_the_host_means_not_run_never_a_failure()
    {
        // A Go project on a sandbox without go (a stand-in that only lacks the tool; nothing is run).
        var checks = new ProjectChecks(new SandboxWithoutTools(), NullLogger<ProjectChecks>.Instance);
        var files = new Dictionary<string, string> { ["go.mod"] = "module example.com/x\n\ngo 1.22\n", ["x.go"] = "package x\n", ["x_test.go"] = "package x\n" };

        var tests = await checks.RunTestsAsync(files, null, CancellationToken.None);
        var staticReport = await checks.RunStaticChecksAsync(files, ["x.go"], null, CancellationToken.None);

        tests.Status.ShouldBe(TestRunStatus.NotRun);
        tests.Reason.ShouldBe("not run: go is not installed");
        tests.Command.ShouldBe("go test -v ./...");
        staticReport.NotRun.ShouldBe(["go vet not run: go is not installed"]);
        staticReport.Findings.ShouldBeEmpty();
    }

    /// <summary>A running sandbox with no toolchains at all; opening a session is fine, nothing may run.</summary>
    private sealed class SandboxWithoutTools : ICodeSandbox
    {
        public SandboxMode Mode => SandboxMode.Bwrap;

        public string? Warning => null;

        public SandboxLimits Limits { get; } = new SandboxOptions().Limits;

        public bool HasTool(string executable) => false;

        public Task<ISandboxSession> OpenAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken) =>
            Task.FromResult<ISandboxSession>(new NothingRuns());

        private sealed class NothingRuns : ISandboxSession
        {
            public Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken) =>
                throw new InvalidOperationException($"'{command.Display}' needs a tool this sandbox does not have.");

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
