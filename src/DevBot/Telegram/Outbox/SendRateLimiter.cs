namespace DevBot.Telegram.Outbox;

/// <summary>
/// Telegram's flood limits as a schedule: at most N messages a second overall (evenly spaced, so no bursts),
/// at most one message per chat per interval, and nothing at all while a 429's retry_after runs.
/// </summary>
internal sealed class SendRateLimiter(double messagesPerSecond, TimeSpan chatInterval)
{
    // Rounded up: thirty slots must never fit into one second because of a truncated tick.
    private readonly TimeSpan _globalSpacing = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / messagesPerSecond));
    private readonly Dictionary<long, DateTimeOffset> _chatReadyAt = [];
    private readonly Lock _gate = new();
    private DateTimeOffset _globalReadyAt = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    /// <summary>When this chat may get its next message (ignoring the overall pace).</summary>
    public DateTimeOffset ChatReadyAt(long chatId)
    {
        lock (_gate)
        {
            var chat = _chatReadyAt.GetValueOrDefault(chatId, DateTimeOffset.MinValue);
            return chat > _pausedUntil ? chat : _pausedUntil;
        }
    }

    /// <summary>
    /// Books the next overall slot for a message to <paramref name="chatId"/> and returns when to send it.
    /// The overall pace is booked where it stands, not at the chat's own later time, so a chat that must
    /// wait never holds the others up (the sender only books chats that are ready anyway).
    /// </summary>
    public DateTimeOffset Reserve(long chatId, DateTimeOffset now)
    {
        lock (_gate)
        {
            var overall = Max(now, _globalReadyAt, _pausedUntil);
            _globalReadyAt = overall + _globalSpacing;
            var slot = Max(overall, _chatReadyAt.GetValueOrDefault(chatId, DateTimeOffset.MinValue));
            _chatReadyAt[chatId] = slot + chatInterval;
            return slot;
        }
    }

    /// <summary>
    /// Telegram answered 429: nothing goes out until <paramref name="until"/>. Telegram does not say whether the
    /// limit hit was the chat's or the bot's, and pausing everything is what keeps a burst from becoming a storm.
    /// </summary>
    public void Pause(long chatId, DateTimeOffset until)
    {
        lock (_gate)
        {
            _pausedUntil = Max(_pausedUntil, until);
            _chatReadyAt[chatId] = Max(_chatReadyAt.GetValueOrDefault(chatId, DateTimeOffset.MinValue), until);
        }
    }

    /// <summary>Forgets chats whose interval is long over, so the table stays as small as the active chats.</summary>
    public void Prune(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var chat in _chatReadyAt.Where(kv => kv.Value < now).Select(kv => kv.Key).ToList())
            {
                _chatReadyAt.Remove(chat);
            }
        }
    }

    private static DateTimeOffset Max(params ReadOnlySpan<DateTimeOffset> values)
    {
        var max = DateTimeOffset.MinValue;
        foreach (var value in values)
        {
            if (value > max)
            {
                max = value;
            }
        }

        return max;
    }
}
