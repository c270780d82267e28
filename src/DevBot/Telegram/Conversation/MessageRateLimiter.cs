using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Conversation;

/// <summary>
/// Messages per user per minute, in a sliding window. Kept in memory: it protects the bot from floods, and
/// forgetting the window on a restart costs nothing. Each excess burst gets one "slow down", not one per message.
/// </summary>
internal sealed class MessageRateLimiter(IOptions<TelegramOptions> options, TimeProvider time)
{
    private static readonly TimeSpan WindowLength = TimeSpan.FromMinutes(1);
    private readonly Dictionary<long, UserWindow> _windows = [];
    private readonly Lock _gate = new();

    public RateDecision Check(long telegramUserId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.Count > 10_000)
            {
                foreach (var idle in _windows.Where(w => w.Value.IsIdle(now)).Select(w => w.Key).ToList())
                {
                    _windows.Remove(idle);
                }
            }

            if (!_windows.TryGetValue(telegramUserId, out var window))
            {
                window = new UserWindow();
                _windows[telegramUserId] = window;
            }

            return window.Check(now, options.Value.MaxMessagesPerMinute);
        }
    }

    private sealed class UserWindow
    {
        private readonly Queue<DateTimeOffset> _recent = new();
        private DateTimeOffset _warnedUntil = DateTimeOffset.MinValue;

        public bool IsIdle(DateTimeOffset now) => _recent.Count == 0 || _recent.Last() < now - WindowLength;

        public RateDecision Check(DateTimeOffset now, int limit)
        {
            while (_recent.Count > 0 && _recent.Peek() <= now - WindowLength)
            {
                _recent.Dequeue();
            }

            if (_recent.Count < limit)
            {
                _recent.Enqueue(now);
                return RateDecision.Allow;
            }

            var retryAfter = _recent.Peek() + WindowLength - now;
            if (_warnedUntil > now)
            {
                return new RateDecision(false, false, retryAfter);
            }

            _warnedUntil = now + retryAfter;
            return new RateDecision(false, true, retryAfter);
        }
    }
}

/// <summary>Whether to handle the message; if not, whether this is the one time to say "slow down".</summary>
internal sealed record RateDecision(bool Allowed, bool Warn, TimeSpan RetryAfter)
{
    public static readonly RateDecision Allow = new(true, false, TimeSpan.Zero);
}
