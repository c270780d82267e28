using System.Text.Json.Serialization;
using DevBot.Shared;

namespace DevBot.Projects;

/// <summary>What a recorded check ran: a fast static check after a task, or the project's tests.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<TestRunKind>))]
public enum TestRunKind
{
    Static,
    Tests,
}

/// <summary>How a recorded check ended.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<TestRunOutcome>))]
public enum TestRunOutcome
{
    Passed,

    /// <summary>Tests failed, the code did not compile, or a static check found problems (placeholders included).</summary>
    Failed,

    /// <summary>The run did not finish within its time limit and was killed.</summary>
    TimedOut,

    /// <summary>The tests need packages that could not be installed: not the code's fault.</summary>
    DependenciesUnavailable,

    /// <summary>There are no tests; the compile check passed.</summary>
    NoTests,

    /// <summary>Nothing ran (the sandbox is off, or the toolchain is missing); the reason says which.</summary>
    NotRun,
}

/// <summary>
/// One check DevBot ran over a build's code in the sandbox, kept as evidence: the command, how it ended, the counts,
/// and the last ≤ 4 KB of its output. Static checks also count the placeholder findings, which need no sandbox.
/// </summary>
public sealed class ProjectTestRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }

    /// <summary>The project version the run checked (1 = the first build).</summary>
    public int Version { get; set; } = 1;

    /// <summary>1, 2, 3… in the order the runs happened, per project.</summary>
    public int Index { get; set; }

    public TestRunKind Kind { get; set; }

    /// <summary>The task a static check followed (null for test runs after the last task).</summary>
    public int? TaskIndex { get; set; }

    /// <summary>The fix round the run followed (0: before any fix round).</summary>
    public int Round { get; set; }

    public string? Command { get; set; }
    public TestRunOutcome Outcome { get; set; }
    public int? ExitCode { get; set; }
    public int? Passed { get; set; }
    public int? Failed { get; set; }

    /// <summary>Compiler/syntax findings of a static check.</summary>
    public int Findings { get; set; }

    /// <summary>Placeholder findings (TODOs, elided code, empty bodies) of a static check.</summary>
    public int Placeholders { get; set; }

    public bool TimedOut { get; set; }
    public long DurationMs { get; set; }
    public required string Output { get; set; }

    /// <summary>Why it did not run or pass in one sentence (not run, no tests, dependencies unavailable, timed out).</summary>
    public string? Reason { get; set; }

    /// <summary>The failing tests' names as the runner printed them, one per line (null when none were named).</summary>
    public string? FailedTests { get; set; }

    public IReadOnlyList<string> FailedTestNames => FailedTests?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public DateTime CreatedAt { get; set; }
}

/// <summary>The per-version analysis record (the seeds' CodeAnalysis): the code's size and what the checks found.</summary>
public sealed class ProjectAnalysis
{
    public Guid ProjectId { get; set; }
    public int Version { get; set; } = 1;
    public int Files { get; set; }
    public int Lines { get; set; }
    public int StaticFindings { get; set; }
    public int PlaceholderFindings { get; set; }
    public int TestsRun { get; set; }
    public int TestsPassed { get; set; }
    public int TestsFailed { get; set; }
    public DateTime CreatedAt { get; set; }
}
