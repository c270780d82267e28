using System.Runtime.Versioning;

namespace DevBot.Sandbox;

/// <summary>How one command is started on the host: the argument vector, the launcher's own environment, and what to clean up after a kill.</summary>
internal sealed record LaunchPlan(IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> HostEnvironment, Func<Task>? AfterKill = null);

/// <summary>Turns a command over a workspace into a host command line: bubblewrap or docker.</summary>
internal interface ISandboxLauncher
{
    LaunchPlan Plan(SandboxWorkspace workspace, SandboxCommand command, bool network);
}

/// <summary>A workspace plus the launcher that runs commands over it, one at a time.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class SandboxSession(SandboxWorkspace workspace, SandboxLimits limits, ISandboxLauncher launcher, TimeProvider time) : ISandboxSession
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private bool _disposed;

    public async Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Argv.Count == 0 || string.IsNullOrEmpty(command.Argv[0]))
        {
            throw new ArgumentException("A sandbox command needs at least the program to run.", nameof(command));
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var network = command.Network && limits.InstallNetwork;
            var plan = launcher.Plan(workspace, command, network);
            return await SandboxProcess.RunAsync(plan.Argv, plan.HostEnvironment, command.Timeout ?? limits.Timeout,
                limits.MaxOutputBytes, plan.AfterKill, time, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync(CancellationToken.None);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                workspace.Dispose();
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
