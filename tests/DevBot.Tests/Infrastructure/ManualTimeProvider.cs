namespace DevBot.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (only "now"; timers are not needed where it is used).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
