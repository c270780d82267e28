using System.Globalization;
using System.Text;
using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>
/// The checks the pipeline runs on generated code, each over a fresh sandbox copy of the files: after a task
/// <see cref="RunStaticChecksAsync"/> (placeholders + compile/syntax of what changed), after the last task or a task that
/// touched tests <see cref="RunTestsAsync"/> (install, then the tests or the compile check). Nothing here throws for
/// a property of the project: a missing toolchain, the sandbox being off, missing dependencies or a hanging test are
/// all outcomes in the returned report.
/// </summary>
public sealed class ProjectChecks(ICodeSandbox sandbox, ILogger<ProjectChecks> logger)
{
    /// <summary>Output kept per run in reports (and shown to users).</summary>
    public const int OutputTailBytes = 4096;

    /// <summary>Default size of the failure digest handed to the implementer in a fix round.</summary>
    public const int DefaultDigestBytes = 6144;

    /// <summary>How this project would be checked (stack, install and test command), without running anything.</summary>
    public VerificationPlan Plan(IReadOnlyDictionary<string, string> files, string? testCommand = null) =>
        StackDetector.Detect(files, testCommand, sandbox.Limits.InstallNetwork);

    /// <param name="files">The whole project after the task.</param>
    /// <summary>Whether a task that wrote these files added or changed tests (the tests then run right after it).</summary>
    public static bool TouchesTests(IEnumerable<string> changedPaths) => changedPaths.Any(ProjectFileSet.IsTestPath);

    /// <param name="changedPaths">The files the task wrote.</param>
    /// <param name="previousFiles">The project before the task: placeholders already there are not reported again.</param>
    public async Task<StaticCheckReport> RunStaticChecksAsync(
        IReadOnlyDictionary<string, string> files,
        IReadOnlyCollection<string> changedPaths,
        IReadOnlyDictionary<string, string>? previousFiles,
        CancellationToken cancellationToken)
    {
        var placeholders = PlaceholderDetector.Scan(files, changedPaths, previousFiles);
        var checks = StaticCheckPlanner.Plan(files, changedPaths, sandbox.Limits.InstallNetwork);
        if (checks.Count == 0)
        {
            return new StaticCheckReport(placeholders, [], [], []);
        }

        if (sandbox.Mode == SandboxMode.Off)
        {
            return new StaticCheckReport(placeholders, [], [], [sandbox.Warning ?? "the code was not run"]);
        }

        var findings = new List<StaticFinding>();
        var runs = new List<CheckRun>();
        var notRun = new List<string>();
        await using var session = await sandbox.OpenAsync(files, cancellationToken);
        foreach (var check in checks)
        {
            var display = check.Command.Display;
            if (check.Tools.FirstOrDefault(t => !sandbox.HasTool(t)) is { } missingTool)
            {
                notRun.Add($"{ToolName(check)} not run: {missingTool} is not installed");
                continue;
            }

            if (check.Install is { } install)
            {
                runs.Add(ToRun(CheckKind.Install, install, await RunInstallAsync(session, install, cancellationToken)));
            }

            var result = await session.RunAsync(check.Command with { Kind = SandboxRunKind.StaticCheck }, cancellationToken);
            runs.Add(ToRun(CheckKind.Static, check.Command, result));
            if (result.TimedOut)
            {
                notRun.Add($"{ToolName(check)} did not finish within {Seconds(check.Command.Timeout ?? sandbox.Limits.Timeout)} s");
            }
            else if (!result.Succeeded)
            {
                var missing = MissingDependencies.Find(result.Output, files);
                if (missing.Count > 0)
                {
                    notRun.Add($"{ToolName(check)} not run: dependencies unavailable ({string.Join(", ", missing)})");
                    continue;
                }

                var parsed = StaticFindingParser.Parse(check.Format, result.Output);
                findings.AddRange(parsed.Count > 0
                    ? parsed
                    : [new StaticFinding("", null, FirstLines(result.Output, 5) is { Length: > 0 } text ? text : $"{display} exited with {result.ExitCode}", ToolName(check))]);
            }
        }

        logger.LogDebug("Static checks: {Placeholders} placeholder(s), {Findings} finding(s), {NotRun} not run.", placeholders.Count, findings.Count, notRun.Count);
        return new StaticCheckReport(placeholders, findings, runs, notRun);
    }

    /// <param name="files">The whole project.</param>
    /// <param name="testCommand">The architect's explicit test command, if the plan set one (replaces the detected one).</param>
    /// <param name="digestBudgetBytes">Largest failure digest, in UTF-8 bytes.</param>
    public async Task<TestRunReport> RunTestsAsync(
        IReadOnlyDictionary<string, string> files,
        string? testCommand,
        CancellationToken cancellationToken,
        int digestBudgetBytes = DefaultDigestBytes)
    {
        var plan = Plan(files, testCommand);
        var command = plan.Tests ?? plan.Compile;
        if (command is null)
        {
            return TestRunReport.NotRun(null, TestFramework.None, "no tests and nothing to compile were found") with { Status = TestRunStatus.NoTests };
        }

        if (sandbox.Mode == SandboxMode.Off)
        {
            return TestRunReport.NotRun(command.Display, plan.Framework, sandbox.Warning ?? "the code was not run");
        }

        if (plan.Tools.FirstOrDefault(t => !sandbox.HasTool(t)) is { } missingTool)
        {
            return TestRunReport.NotRun(command.Display, plan.Framework, $"not run: {missingTool} is not installed");
        }

        await using var session = await sandbox.OpenAsync(files, cancellationToken);
        CheckRun? install = null;
        if (plan.Install is { } installCommand)
        {
            install = ToRun(CheckKind.Install, installCommand, await RunInstallAsync(session, installCommand, cancellationToken));
        }

        var framework = plan.Tests is null ? TestFramework.None : plan.Framework;
        if (plan.Conditional is { } conditional && (await session.RunAsync(conditional.Probe with { Kind = SandboxRunKind.Probe }, cancellationToken)).Succeeded)
        {
            command = conditional.Tests;
            framework = conditional.Framework;
        }

        var result = await session.RunAsync(command with { Kind = SandboxRunKind.Tests }, cancellationToken);
        return Report(plan, command, framework, result, install, files, digestBudgetBytes);
    }

    private TestRunReport Report(VerificationPlan plan, SandboxCommand command, TestFramework framework, SandboxResult result,
        CheckRun? install, IReadOnlyDictionary<string, string> files, int digestBudgetBytes)
    {
        var counts = framework == TestFramework.None ? null : TestOutputParser.Parse(framework, result.Output);
        var missing = result.Succeeded || result.TimedOut ? [] : MissingDependencies.Find(result.Output, files);
        var noTestsRan = counts?.Total == 0 || framework == TestFramework.Pytest && result.ExitCode == 5;
        var status = result.TimedOut ? TestRunStatus.TimedOut
            : missing.Count > 0 ? TestRunStatus.DependenciesUnavailable
            : framework == TestFramework.None || noTestsRan ? (result.Succeeded || noTestsRan ? TestRunStatus.NoTests : TestRunStatus.Failed)
            : result.Succeeded ? TestRunStatus.Passed
            : TestRunStatus.Failed;

        var reason = status switch
        {
            TestRunStatus.TimedOut => $"the run did not finish within {Seconds(command.Timeout ?? sandbox.Limits.Timeout)} s and was stopped",
            TestRunStatus.DependenciesUnavailable => DependencyReason(plan, install, missing),
            TestRunStatus.NoTests when framework == TestFramework.None => "no tests were found; the code compiles",
            TestRunStatus.NoTests => "the test command found no tests",
            TestRunStatus.Failed when framework == TestFramework.None => "no tests were found, and the code does not compile",
            _ => null,
        };
        var digest = status is TestRunStatus.Failed or TestRunStatus.TimedOut ? FailureDigest.Build(result.Output, framework, digestBudgetBytes) : "";
        return new TestRunReport(status, command.Display, framework, result.ExitCode, counts, result.TimedOut, result.LimitHit, result.Duration,
            Tail(result.Output, OutputTailBytes), digest, reason, missing, install)
        {
            FailedTests = status == TestRunStatus.Failed ? FailingTests.Names(result.Output, framework) : [],
        };
    }

    private static string DependencyReason(VerificationPlan plan, CheckRun? install, IReadOnlyList<string> missing)
    {
        var why = plan.InstallSkipped
            ?? (install is { Succeeded: false } ? $"the install step ({install.Command}) failed" : "they are not installed");
        return $"dependencies unavailable: {string.Join(", ", missing)} could not be loaded because {why}";
    }

    private Task<SandboxResult> RunInstallAsync(ISandboxSession session, SandboxCommand install, CancellationToken cancellationToken) =>
        session.RunAsync(install with { Timeout = install.Timeout ?? sandbox.Limits.InstallTimeout, Kind = SandboxRunKind.Install }, cancellationToken);

    private static CheckRun ToRun(CheckKind kind, SandboxCommand command, SandboxResult result) =>
        new(kind, command.Display, result.ExitCode, result.TimedOut, result.LimitHit, result.Duration, Tail(result.Output, OutputTailBytes));

    private static string ToolName(StaticCheck check) => check.Format switch
    {
        StaticOutputFormat.Python => "the Python syntax check",
        StaticOutputFormat.Node => "node --check",
        StaticOutputFormat.Dotnet => "dotnet build",
        _ => "go vet",
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);

    private static string FirstLines(string output, int count) =>
        string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(count));

    /// <summary>The last <paramref name="maxBytes"/> bytes of <paramref name="text"/>, starting at a line boundary when one is near.</summary>
    internal static string Tail(string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= maxBytes)
        {
            return text;
        }

        var start = bytes.Length - maxBytes;
        while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80)
        {
            start++;
        }

        var newline = Array.IndexOf(bytes, (byte)'\n', start);
        if (newline >= 0 && newline - start < maxBytes / 4)
        {
            start = newline + 1;
        }

        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
