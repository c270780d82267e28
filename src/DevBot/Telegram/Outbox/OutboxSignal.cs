using DevBot.Jobs;

namespace DevBot.Telegram.Outbox;

/// <summary>Wakes the sender (and the event relay) as soon as something was committed for them in this process.</summary>
public sealed class OutboxSignal
{
    // Same wake-up semantics as the job workers' signal: a pulse wakes every current waiter, polling covers the rest.
    private readonly JobSignal _inner = new();

    public void Pulse() => _inner.Pulse();

    public Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _inner.WaitAsync(timeout, time, cancellationToken);
}
