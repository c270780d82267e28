namespace DevBot.Jobs;

/// <summary>
/// A worker's claim on a running job, as its handler sees it. The heartbeat renews it; a handler asks
/// <see cref="EnsureHeldAsync"/> before anything that costs money (a model call), so a worker that was frozen past
/// its lease (SIGSTOP, a long GC, a suspended VM) never starts work another worker has taken over. When the lease is
/// found lost, <see cref="Lost"/> is cancelled, which also aborts the call in flight.
/// </summary>
public sealed class JobLease : IDisposable
{
    private readonly Func<CancellationToken, Task<bool>> _renew;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _lost = new();
    private long _renewedAt;

    public JobLease(Guid jobId, string owner, TimeSpan duration, TimeProvider time, Func<CancellationToken, Task<bool>> renew)
    {
        JobId = jobId;
        Owner = owner;
        _duration = duration;
        _time = time;
        _renew = renew;
        _renewedAt = time.GetTimestamp();
    }

    public Guid JobId { get; }

    public string Owner { get; }

    /// <summary>Cancelled once this worker knows it no longer holds the job.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>
    /// Returns when the lease is certainly held for a while yet; renews it first when half of it has passed since the
    /// last renewal (in that time another worker may have taken it). Throws <see cref="OperationCanceledException"/>
    /// through <see cref="Lost"/> when the job belongs to another worker now.
    /// </summary>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken)
    {
        Lost.ThrowIfCancellationRequested();
        if (_time.GetElapsedTime(Interlocked.Read(ref _renewedAt)) < _duration / 2)
        {
            return;
        }

        if (!await RenewAsync(cancellationToken))
        {
            Lost.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Renews the lease in the database; false (and <see cref="Lost"/> cancelled) when another worker has it.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        if (await _renew(cancellationToken))
        {
            Interlocked.Exchange(ref _renewedAt, started);
            return true;
        }

        await _lost.CancelAsync();
        return false;
    }

    /// <summary>True when more than the lease's duration has passed since it was last renewed: another worker may own it.</summary>
    public bool MayHaveExpired => _time.GetElapsedTime(Interlocked.Read(ref _renewedAt)) >= _duration;

    public void Dispose() => _lost.Dispose();
}
