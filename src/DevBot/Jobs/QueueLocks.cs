using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Jobs;

/// <summary>
/// Transaction-scoped locks that keep the stored queue order (<see cref="Job.QueueLevel"/>, <see cref="Job.QueueRank"/>)
/// exact on PostgreSQL. A submission locks only its user: it reads that user's standing and inserts one job, and
/// never waits for anything else, so it cannot take part in a deadlock. Every other change (claim, finish, release,
/// cancel, resume) takes the queue lock first and then the users it renumbers, one such change at a time: they
/// update several counter rows each, in no fixed order, which two of them at once could deadlock on.
/// On SQLite the write transaction (BEGIN IMMEDIATE) already admits one writer at a time.
/// </summary>
internal static class QueueLocks
{
    private const int QueueLockSpace = 0x0DEB_0702;
    private const int UserLockSpace = 0x0DEB_0703;

    public static Task LockQueueAsync(DevBotDbContext db, CancellationToken cancellationToken) =>
        LockAsync(db, QueueLockSpace, 0, cancellationToken);

    public static Task LockUserAsync(DevBotDbContext db, Guid userId, CancellationToken cancellationToken) =>
        LockAsync(db, UserLockSpace, KeyOf(userId), cancellationToken);

    /// <summary>The user's lock, taken on a submission's own connection (<see cref="DirectConnection"/>).</summary>
    public static async Task LockUserAsync(DirectConnection connection, Guid userId, CancellationToken cancellationToken)
    {
        if (connection.Transaction is null)
        {
            throw new InvalidOperationException("Queue locks last until the end of a transaction; begin one first.");
        }

        if (connection.IsPostgres)
        {
            await using var command = RawSql.Command(connection, "SELECT pg_advisory_xact_lock(@space, @key)").Bind("@space", UserLockSpace).Bind("@key", KeyOf(userId));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Two users sharing a key only wait for each other; the key is a hash, not an identity.</summary>
    internal static int KeyOf(Guid userId)
    {
        Span<byte> bytes = stackalloc byte[16];
        userId.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
    }

    private static async Task LockAsync(DevBotDbContext db, int space, int key, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Queue locks last until the end of a transaction; begin one first.");
        }

        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [space, key], cancellationToken);
        }
    }
}
