namespace DevBot.Shared;

/// <summary>
/// A wake-up that any number of waiters can await: <see cref="Pulse"/> releases everyone waiting now.
/// Waiters also time out, because a pulse from another process never arrives here.
/// </summary>
public class AsyncPulse
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
            // Polling is the fallback for wake-ups that never came.
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
