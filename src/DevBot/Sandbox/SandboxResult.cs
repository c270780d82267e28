namespace DevBot.Sandbox;

/// <summary>
/// What one sandboxed command did. <paramref name="ExitCode"/> is null when the run was killed at its time-out
/// (a process killed by a signal N reports 128 + N, as shells do). <paramref name="Output"/> is stdout and stderr
/// interleaved as written, capped at <c>SANDBOX_MAX_OUTPUT_BYTES</c> keeping the tail (<paramref name="OutputTruncated"/>).
/// <paramref name="LimitHit"/> names a resource limit the run ran into, when its exit signal or the runtime's
/// own message shows one (best effort: rlimits are reported by the failing program, not by the kernel).
/// </summary>
public sealed record SandboxResult(
    int? ExitCode,
    string Output,
    bool OutputTruncated,
    TimeSpan Duration,
    bool TimedOut,
    SandboxLimit? LimitHit)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>A resource limit a sandboxed run hit.</summary>
public enum SandboxLimit
{
    Memory,
    Processes,
    FileSize,
    CpuTime,
}
