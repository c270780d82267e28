using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Persistence;

/// <summary>Reads and writes the named positions in <c>telegram_state</c>, in the caller's unit of work.</summary>
internal sealed class TelegramState(DevBotDbContext db, TimeProvider time)
{
    public async Task<long?> GetAsync(string key, CancellationToken cancellationToken) =>
        await db.Set<TelegramStateValue>().Where(s => s.Key == key).Select(s => (long?)s.Value).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Stages the value; saved with the caller's next SaveChanges.</summary>
    public async Task StageAsync(string key, long value, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.Set<TelegramStateValue>().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (row is null)
        {
            db.Set<TelegramStateValue>().Add(new TelegramStateValue { Key = key, Value = value, UpdatedAt = now });
        }
        else
        {
            row.Value = value;
            row.UpdatedAt = now;
        }
    }

    public async Task SetAsync(string key, long value, CancellationToken cancellationToken)
    {
        await StageAsync(key, value, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
