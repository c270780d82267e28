namespace DevBot.Jobs;

/// <summary>Wakes idle worker loops in this process when work may be waiting (a local enqueue or a PostgreSQL NOTIFY).</summary>
public sealed class JobSignal
{
    private TaskCompletionSource _pulse = NewSource();

    public void Pulse() => Interlocked.Exchange(ref _pulse, NewSource()).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _pulse).Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Polling is the fallback for wake-ups that never came (another process's SQLite enqueue).
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
