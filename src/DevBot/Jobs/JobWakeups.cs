using System.Threading.Channels;

namespace DevBot.Jobs;

/// <summary>
/// Wake-ups for workers in other processes, coalesced: a request made while one is waiting to be sent is the same
/// request. A PostgreSQL NOTIFY serialises the commits of every transaction that sends one, so sending one per
/// submission would make accepting as slow as one commit at a time; here one NOTIFY serves every submission
/// committed while the previous one was on its way. Workers also poll (<c>JOB_POLL_SECONDS</c>), so a wake-up lost
/// in a crash only delays a build.
/// </summary>
public sealed class JobWakeups
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Request() => _pending.Writer.TryWrite(true);

    /// <summary>Waits until at least one wake-up was requested since the last call.</summary>
    public async Task WaitForRequestAsync(CancellationToken cancellationToken) => await _pending.Reader.ReadAsync(cancellationToken);
}
