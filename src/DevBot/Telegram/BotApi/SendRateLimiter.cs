namespace DevBot.Telegram.BotApi;

/// <summary>
/// Telegram's flood limits, kept by the sends themselves: at most N messages in any one second overall (spaced at
/// least 1/N s apart), at most one message per chat per interval, and nothing at all while a 429's retry_after runs.
/// </summary>
/// <remarks>
/// Telegram counts a message when its request arrives, which is some time after we start it and before its answer
/// comes back. So a send takes its place in the window when it starts and keeps it until one second after its
/// answer: then no one-second window of arrivals can hold more than N, however the network or a loaded machine
/// bunches requests on the way (booking start times alone let jitter push a 31st arrival into a second). For the
/// same reason a chat's interval counts from its last answer, not from its last start.
/// </remarks>
internal sealed class SendRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly int _perWindow;
    private readonly TimeSpan _spacing;
    private readonly TimeSpan _chatInterval;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // Sends that started and have not been answered, and answers of the last second (their end times, oldest first).
    private readonly Queue<DateTimeOffset> _recentEnds = new();
    private readonly Dictionary<long, ChatState> _chats = [];
    private int _inFlight;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TaskCompletionSource _released = NewSignal();

    public SendRateLimiter(double messagesPerSecond, TimeSpan chatInterval, TimeProvider time)
    {
        _perWindow = Math.Max(1, (int)Math.Floor(messagesPerSecond));
        // Rounded up: N starts must never fit into less than a second because of a truncated tick.
        _spacing = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / messagesPerSecond));
        _chatInterval = chatInterval;
        _time = time;
    }

    /// <summary>When this chat may get its next message as far as its own interval and a pause go (ignoring the overall pace).</summary>
    public DateTimeOffset ChatReadyAt(long chatId)
    {
        lock (_gate)
        {
            var chat = _chats.TryGetValue(chatId, out var state) ? state.ReadyAt(_chatInterval) : DateTimeOffset.MinValue;
            return chat > _pausedUntil ? chat : _pausedUntil;
        }
    }

    /// <summary>Waits until a message to <paramref name="chatId"/> may start now; dispose the permit when its answer is in.</summary>
    public async Task<SendPermit> EnterAsync(long chatId, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Taken before asking, so an answer that comes in between is not missed.
            Task released;
            lock (_gate)
            {
                released = _released.Task;
            }

            if (TryEnter(chatId, _time.GetUtcNow(), out var retryAt) is { } permit)
            {
                return permit;
            }

            var wait = retryAt is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(released, Task.Delay(wait, _time, stop.Token)).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>
    /// A permit to start a message to <paramref name="chatId"/> at <paramref name="now"/>, or null and when to ask
    /// again (null as well: when a send now in flight is answered).
    /// </summary>
    internal SendPermit? TryEnter(long chatId, DateTimeOffset now, out DateTimeOffset? retryAt)
    {
        lock (_gate)
        {
            while (_recentEnds.Count > 0 && _recentEnds.Peek() + Window <= now)
            {
                _recentEnds.Dequeue();
            }

            _chats.TryGetValue(chatId, out var chat);
            var readyAt = Latest(_pausedUntil, _lastStart + _spacing, chat?.ReadyAt(_chatInterval) ?? DateTimeOffset.MinValue);
            var windowFull = _inFlight + _recentEnds.Count >= _perWindow;
            if (chat is { InFlight: true } || (windowFull && _recentEnds.Count == 0))
            {
                // Only an answer can make room (this chat's, or any when every place is held by a send in flight).
                retryAt = null;
                return null;
            }

            if (windowFull)
            {
                readyAt = Latest(readyAt, _recentEnds.Peek() + Window);
            }

            if (readyAt > now)
            {
                retryAt = readyAt;
                return null;
            }

            retryAt = null;
            _lastStart = now;
            _inFlight++;
            _chats[chatId] = new ChatState(InFlight: true, LastAnswer: chat?.LastAnswer ?? DateTimeOffset.MinValue);
            return new SendPermit(this, chatId);
        }
    }

    /// <summary>The send's answer is in (or it failed): its place in the window now runs out one second after <paramref name="now"/>.</summary>
    internal void Exit(long chatId, DateTimeOffset now)
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            _inFlight--;
            _recentEnds.Enqueue(now);
            _chats[chatId] = new ChatState(InFlight: false, LastAnswer: now);
            (released, _released) = (_released, NewSignal());
        }

        released.TrySetResult();
    }

    /// <summary>
    /// Telegram answered 429: nothing goes out until <paramref name="until"/>. Telegram does not say whether the
    /// limit hit was the chat's or the bot's, and pausing everything is what keeps a burst from becoming a storm.
    /// </summary>
    public void Pause(long chatId, DateTimeOffset until)
    {
        lock (_gate)
        {
            _pausedUntil = Latest(_pausedUntil, until);
        }
    }

    /// <summary>Forgets chats idle since before <paramref name="before"/>, so the table stays as small as the active chats.</summary>
    public void Prune(DateTimeOffset before)
    {
        lock (_gate)
        {
            foreach (var chat in _chats.Where(kv => !kv.Value.InFlight && kv.Value.LastAnswer < before).Select(kv => kv.Key).ToList())
            {
                _chats.Remove(chat);
            }
        }
    }

    internal void Exit(SendPermit permit) => Exit(permit.ChatId, _time.GetUtcNow());

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static DateTimeOffset Latest(params ReadOnlySpan<DateTimeOffset> values)
    {
        var latest = DateTimeOffset.MinValue;
        foreach (var value in values)
        {
            latest = value > latest ? value : latest;
        }

        return latest;
    }

    private sealed record ChatState(bool InFlight, DateTimeOffset LastAnswer)
    {
        public DateTimeOffset ReadyAt(TimeSpan interval) => LastAnswer == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : LastAnswer + interval;
    }
}

/// <summary>One message's place in Telegram's limits, from its start until its answer; dispose it when the answer is in.</summary>
internal sealed class SendPermit(SendRateLimiter limiter, long chatId) : IDisposable
{
    private int _disposed;

    public long ChatId { get; } = chatId;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            limiter.Exit(this);
        }
    }
}
