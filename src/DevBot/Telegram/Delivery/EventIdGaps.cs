namespace DevBot.Telegram.Delivery;

/// <summary>
/// Decides how far a cursor over <c>project_events</c> may move. On PostgreSQL an id is taken at insert but seen
/// only at commit, so id 12 can be visible while 11's transaction is still open: moving past 11 would lose it.
/// A hole is therefore waited for; one that stays longer than <see cref="Patience"/> is a rolled-back insert or a
/// deleted project's event, and is passed. (SQLite has one writer at a time, so it needs none of this.)
/// </summary>
internal sealed class EventIdGaps(TimeProvider time)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private (long After, DateTimeOffset Since)? _gap;

    /// <summary>How many of <paramref name="ids"/> (ascending, all after <paramref name="cursor"/>) may be taken now.</summary>
    public int ReadyCount(IReadOnlyList<long> ids, long cursor)
    {
        var expected = cursor + 1;
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] != expected && !WaitedOut(expected - 1))
            {
                return i;
            }

            expected = ids[i] + 1;
        }

        return ids.Count;
    }

    private bool WaitedOut(long after)
    {
        var now = time.GetUtcNow();
        if (_gap is not { } gap || gap.After != after)
        {
            _gap = (after, now);
            return false;
        }

        return now - gap.Since >= Patience;
    }
}
