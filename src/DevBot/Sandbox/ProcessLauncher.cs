using System.Collections.Concurrent;
using System.Diagnostics;

namespace DevBot.Sandbox;

/// <summary>
/// Starts sandbox processes from one thread that lives as long as the process. bubblewrap's --die-with-parent uses
/// PR_SET_PDEATHSIG, and Linux fires it when the parent THREAD exits, not the parent process: started from a
/// thread-pool thread, a sandbox would be SIGKILLed whenever the pool retired that idle thread mid-run.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = new();

    static ProcessLauncher()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "DevBot sandbox launcher" };
        thread.Start();
    }

    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start.");
                started.SetResult(process);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                started.SetException(ex);
            }
        }
    }
}
