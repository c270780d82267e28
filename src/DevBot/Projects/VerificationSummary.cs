using System.Text.Json.Serialization;
using DevBot.Shared;

namespace DevBot.Projects;

/// <summary>What the delivered code's last test run proved.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<VerificationStatus>))]
public enum VerificationStatus
{
    /// <summary>The project's tests ran in the sandbox and passed.</summary>
    Passed,

    /// <summary>The tests still failed (or hung) after the fix rounds; the build was delivered anyway, saying so.</summary>
    Failed,

    /// <summary>No test ran: the sandbox is off, there are no tests, or dependencies were unavailable (the reason says which).</summary>
    NotRun,
}

/// <summary>
/// The verdict of the build's final test run, as every channel shows it. <paramref name="FailedTests"/> names the
/// failing tests where the runner's output names them.
/// </summary>
public sealed record VerificationSummary(
    VerificationStatus Status, int? Passed, int? Failed, string? Command, string? Reason, IReadOnlyList<string> FailedTests)
{
    public static VerificationSummary From(ProjectTestRun run) => new(
        run.Outcome switch
        {
            TestRunOutcome.Passed => VerificationStatus.Passed,
            TestRunOutcome.Failed or TestRunOutcome.TimedOut => VerificationStatus.Failed,
            _ => VerificationStatus.NotRun,
        },
        run.Passed,
        run.Failed,
        run.Command,
        run.Reason,
        run.FailedTestNames);

    /// <summary>One line for a user: "tests passed: 12", "3 of 12 tests failed", "tests not run: …".</summary>
    public string Describe() => Status switch
    {
        VerificationStatus.Passed => Passed is { } passed ? $"tests passed ({passed} passed, 0 failed)" : "tests passed",
        VerificationStatus.Failed when Reason is not null && Failed is null => $"tests failed: {Reason}",
        VerificationStatus.Failed => $"tests failed ({Passed ?? 0} passed, {Failed ?? 0} failed)"
            + (FailedTests.Count > 0 ? ": " + string.Join(", ", FailedTests.Take(5)) + (FailedTests.Count > 5 ? ", …" : string.Empty) : string.Empty),
        _ => "tests not run" + (Reason is null ? string.Empty : ": " + Reason),
    };
}
