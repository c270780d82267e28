using System.Diagnostics;

namespace DevBot.Sandbox;

/// <summary>
/// Runs one sandbox process (bwrap or the docker client) to completion: stdin closed, stdout and stderr read into one
/// tail buffer, a wall-clock limit after which the whole process tree is killed. The process gets only the
/// environment given here, never the server's own.
/// </summary>
internal static class SandboxProcess
{
    // After a kill the pipes close when the last writer dies; this bounds the wait should anything still hold them.
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(5);

    public static async Task<SandboxResult> RunAsync(
        IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string> hostEnvironment,
        TimeSpan timeout,
        int maxOutputBytes,
        Func<Task>? afterKill,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in hostEnvironment)
        {
            info.Environment[name] = value;
        }

        var started = time.GetTimestamp();
        using var process = await ProcessLauncher.StartAsync(info);
        process.StandardInput.Close();
        var tail = new OutputTail(maxOutputBytes);
        var readers = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, tail),
            PumpAsync(process.StandardError.BaseStream, tail));

        using var deadline = new CancellationTokenSource(timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            await KillAsync(process, afterKill, time);
        }

        try
        {
            await readers.WaitAsync(DrainAfterKill, time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Something outside the run still holds its output pipe: report what was read.
        }

        cancellationToken.ThrowIfCancellationRequested();

        var (output, truncated) = tail.Snapshot();
        int? exitCode = timedOut ? null : process.ExitCode;
        return new SandboxResult(exitCode, output, truncated, time.GetElapsedTime(started), timedOut,
            timedOut ? null : LimitDetector.Detect(exitCode, output));
    }

    // SIGKILL to the whole tree: bubblewrap's monitor, the namespace's pid 1 (whose death makes the kernel kill everything
    // else in the namespace) and every process below. Then wait until they are really gone, so no process of the run
    // outlives RunAsync; afterKill removes a docker container the killed client left running.
    private static async Task KillAsync(Process process, Func<Task>? afterKill, TimeProvider time)
    {
        var tree = OperatingSystem.IsLinux() ? ProcessTree.Descendants(process.Id) : [];
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        if (afterKill is not null)
        {
            await afterKill();
        }

        await process.WaitForExitAsync(CancellationToken.None);
        await ProcessTree.WaitGoneAsync(tree, DrainAfterKill, time);
    }

    private static async Task PumpAsync(Stream stream, OutputTail tail)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            tail.Append(buffer.AsSpan(0, read));
        }
    }
}
