namespace DevBot.Sandbox;

/// <summary>
/// Runs generated code in isolation. One instance per process (a singleton): the mode is chosen once at start-up.
/// Check <see cref="Mode"/> before <see cref="OpenAsync"/>: when it is <see cref="SandboxMode.Off"/> nothing can run
/// and <see cref="Warning"/> says why, in words a user can read ("the code was not run: install bubblewrap").
/// </summary>
public interface ICodeSandbox
{
    SandboxMode Mode { get; }

    /// <summary>Why generated code is not run (null when it is).</summary>
    string? Warning { get; }

    /// <summary>The limits every run gets (from the SANDBOX_* settings).</summary>
    SandboxLimits Limits { get; }

    /// <summary>Whether <paramref name="executable"/> (e.g. "python3", "go") exists inside the sandbox.</summary>
    bool HasTool(string executable);

    /// <summary>
    /// Copies <paramref name="files"/> (relative path → text) into a fresh throw-away folder and returns a session whose
    /// commands all run over that copy (install, then checks, then tests). Disposing the session deletes the copy;
    /// nothing a run writes ever reaches the caller's files. Throws <see cref="InvalidOperationException"/> when
    /// <see cref="Mode"/> is <see cref="SandboxMode.Off"/>, and <see cref="ArgumentException"/> for a path that is not
    /// relative or leaves the folder.
    /// </summary>
    Task<ISandboxSession> OpenAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken);
}

/// <summary>A throw-away copy of a project; runs one command at a time (concurrent calls wait their turn).</summary>
public interface ISandboxSession : IAsyncDisposable
{
    /// <summary>
    /// Runs the command over the copy with every limit applied. A time-out or cancellation kills the whole process tree;
    /// no process outlives its run. Cancellation throws <see cref="OperationCanceledException"/> after the kill.
    /// </summary>
    Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken);
}

/// <summary>The limits applied to every sandboxed run, and whether the install step may use the network.</summary>
public sealed record SandboxLimits(
    TimeSpan Timeout,
    TimeSpan InstallTimeout,
    bool InstallNetwork,
    long MemoryBytes,
    int CpuSeconds,
    int MaxProcesses,
    long MaxFileBytes,
    int MaxOutputBytes);
