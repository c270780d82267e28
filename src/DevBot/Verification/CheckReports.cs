using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>Which step of the checks a sandboxed run was.</summary>
public enum CheckKind
{
    /// <summary>Installing dependencies (pip, npm, dotnet restore, go mod download).</summary>
    Install,

    /// <summary>A compile or syntax check (after a task, or for a project without tests).</summary>
    Static,

    /// <summary>The project's tests.</summary>
    Tests,
}

/// <summary>One sandboxed run as users and the pipeline see it; <paramref name="Output"/> is its last ≤ 4 KB.</summary>
public sealed record CheckRun(
    CheckKind Kind,
    string Command,
    int? ExitCode,
    bool TimedOut,
    SandboxLimit? LimitHit,
    TimeSpan Duration,
    string Output)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>
/// The fast checks after one task: placeholder findings (always, even with the sandbox off), compiler/syntax
/// findings, the runs that produced them, and sentences for checks that could not run ("node --check not run: node
/// is not installed", the sandbox's warning, "dependencies unavailable").
/// </summary>
public sealed record StaticCheckReport(
    IReadOnlyList<PlaceholderFinding> Placeholders,
    IReadOnlyList<StaticFinding> Findings,
    IReadOnlyList<CheckRun> Runs,
    IReadOnlyList<string> NotRun)
{
    /// <summary>Nothing to send back to the implementer.</summary>
    public bool Clean => Placeholders.Count == 0 && Findings.Count == 0;
}

/// <summary>How a test run ended.</summary>
public enum TestRunStatus
{
    Passed,

    /// <summary>Tests failed or crashed, the build broke, or a limit was hit: the code needs fixing.</summary>
    Failed,

    /// <summary>The run did not finish within its time limit (a hanging test); the process tree was killed.</summary>
    TimedOut,

    /// <summary>The tests need packages that could not be installed: not the code's fault.</summary>
    DependenciesUnavailable,

    /// <summary>There are no tests (or none ran); the project's compile check passed.</summary>
    NoTests,

    /// <summary>Nothing ran: the sandbox is off or the toolchain is not installed (<see cref="TestRunReport.Reason"/> says which).</summary>
    NotRun,
}

/// <summary>
/// One test run of a whole project. <paramref name="Command"/> is what ran (shown to users); <paramref name="Counts"/>
/// is null when the runner's output format is unknown (the exit code decided); <paramref name="Output"/> is the last
/// ≤ 4 KB; <paramref name="Digest"/> is the failure digest for the fix prompt (empty unless it failed or timed out);
/// <paramref name="Reason"/> explains NotRun, NoTests, TimedOut and DependenciesUnavailable in one sentence.
/// </summary>
public sealed record TestRunReport(
    TestRunStatus Status,
    string? Command,
    TestFramework Framework,
    int? ExitCode,
    TestCounts? Counts,
    bool TimedOut,
    SandboxLimit? LimitHit,
    TimeSpan Duration,
    string Output,
    string Digest,
    string? Reason,
    IReadOnlyList<string> MissingDependencies,
    CheckRun? Install)
{
    public static TestRunReport NotRun(string? command, TestFramework framework, string reason) =>
        new(TestRunStatus.NotRun, command, framework, null, null, false, null, TimeSpan.Zero, "", "", reason, [], null);
}
