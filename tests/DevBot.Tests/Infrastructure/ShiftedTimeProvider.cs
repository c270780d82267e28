namespace DevBot.Tests.Infrastructure;

/// <summary>
/// The system clock moved forward by hand, for a whole host: time runs as usual (timers and timestamps are the
/// system's), and <see cref="Advance"/> jumps "now" ahead, as if days passed between two messages.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
