using System.Collections.Concurrent;

namespace DevBot.Users;

/// <summary>
/// When each key was last used, gathered in memory and written by <see cref="ApiKeyUsageWriter"/> every
/// <see cref="ApiKeyUsageWriter.Interval"/>: writing it on every request would turn every read into a write (on
/// SQLite, one writer at a time). So <c>last_used_at</c> is exact to about that interval.
/// </summary>
public sealed class ApiKeyUsage
{
    private readonly ConcurrentDictionary<Guid, DateTime> _pending = new();

    public void Record(Guid keyId, DateTime usedAt) =>
        _pending.AddOrUpdate(keyId, usedAt, (_, earlier) => usedAt > earlier ? usedAt : earlier);

    /// <summary>Takes every use recorded so far (each key's latest).</summary>
    public IReadOnlyList<KeyValuePair<Guid, DateTime>> Drain()
    {
        var drained = new List<KeyValuePair<Guid, DateTime>>();
        foreach (var keyId in _pending.Keys)
        {
            if (_pending.TryRemove(keyId, out var usedAt))
            {
                drained.Add(new(keyId, usedAt));
            }
        }

        return drained;
    }
}
