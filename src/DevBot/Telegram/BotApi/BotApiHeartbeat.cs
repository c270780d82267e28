namespace DevBot.Telegram.BotApi;

/// <summary>When the Bot API last gave a real answer to this process (readiness reads it before probing with getMe).</summary>
public sealed class BotApiHeartbeat
{
    private long _lastAnswerTicks;

    public DateTimeOffset? LastAnswer => Interlocked.Read(ref _lastAnswerTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Answered(DateTimeOffset at) => Interlocked.Exchange(ref _lastAnswerTicks, at.UtcTicks);
}
