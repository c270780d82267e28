using DevBot.Data;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Outbox;

/// <param name="Pending">Messages not yet sent (including those waiting out a 429 or a backoff).</param>
/// <param name="OldestPendingAge">How long the oldest of them has waited since it was written (zero when none waits).</param>
public sealed record OutboxBacklog(int Pending, TimeSpan OldestPendingAge)
{
    /// <summary>The outbox as it stands in the database all processes share.</summary>
    public static async Task<OutboxBacklog> ReadAsync(DevBotDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var pending = db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Status == OutboxStatus.Pending);
        var count = await pending.CountAsync(cancellationToken);
        var oldest = count == 0 ? null : await pending.MinAsync(m => (DateTime?)m.CreatedAt, cancellationToken);
        var age = oldest is { } created ? time.GetUtcNow().UtcDateTime - created : TimeSpan.Zero;
        return new OutboxBacklog(count, age > TimeSpan.Zero ? age : TimeSpan.Zero);
    }
}
