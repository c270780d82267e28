using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Jobs;

/// <summary>
/// Transaction-scoped locks that keep the stored queue order (<see cref="Job.QueueLevel"/>, <see cref="Job.QueueRank"/>)
/// exact on PostgreSQL. A submission locks only its user: it reads that user's standing and inserts one job, and
/// never waits while holding another lock (in a batch of submissions all but the first only try their user's lock,
/// see <see cref="GroupCommit"/>), so it cannot take part in a deadlock. Every other change (claim, finish, release,
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

    /// <summary>
    /// The user's lock, taken on a submission's connection (<see cref="DirectConnection"/>): waited for, or with
    /// <paramref name="wait"/> false only tried (false when another transaction holds it). A submission that shares
    /// its transaction with others (<see cref="GroupCommit"/>) holds their users' locks, so it only tries: waiting
    /// while holding locks is what could deadlock.
    /// </summary>
    public static async Task<bool> LockUserAsync(DirectConnection connection, Guid userId, bool wait, CancellationToken cancellationToken)
    {
        if (connection.Transaction is null)
        {
            throw new InvalidOperationException("Queue locks last until the end of a transaction; begin one first.");
        }

        if (!connection.IsPostgres)
        {
            return true;
        }

        await using var command = RawSql.Command(connection, UserLockStatement(wait)).BindUserLock(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return wait || reader.GetBoolean(0);
    }

    /// <summary>The statement that takes the user's lock (waiting) or tries it (answering a boolean); @space, @key.</summary>
    public static string UserLockStatement(bool wait) =>
        wait ? "SELECT pg_advisory_xact_lock(@space, @key)" : "SELECT pg_try_advisory_xact_lock(@space, @key)";

    public static RawCommand BindUserLock(this RawCommand command, Guid userId) =>
        command.Bind("@space", UserLockSpace).Bind("@key", KeyOf(userId));

    /// <summary>The queue_counts shard of a group commit lane: past the 64 random ones the triggers use otherwise.</summary>
    public static short LaneShard(int lane) => checked((short)(64 + lane));

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
