using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace DevBot.Data;

/// <summary>
/// Open SQLite connections kept with their prepared statements (<see cref="StatementCache"/>) for the short units of
/// work of the hot paths (<see cref="DirectConnection"/>: a request's key check, a key-usage write). Microsoft.Data.Sqlite
/// pools the native connection but not its statements, so each request parsed its SQL again; a connection taken from
/// here has them ready. Each is used by one caller at a time. At most <see cref="MaxIdle"/> per database wait idle
/// (more are opened under load and closed when handed back), and one idle for <see cref="IdleLifetime"/> is closed,
/// so a database no longer used (a test's, a deleted file) keeps no connection open.
/// </summary>
internal static class SqlitePreparedConnections
{
    /// <summary>Idle connections kept per database: about the concurrency of two cores' requests, each holding a little page cache.</summary>
    internal const int MaxIdle = 8;

    internal static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<(StatementCache Statements, long ReturnedAt)>> Idle = new(StringComparer.Ordinal);

    // Housekeeping only (no behaviour depends on it), so the process's tick count rather than a TimeProvider.
    private static readonly Timer Sweeper = new(_ => CloseExpired(Environment.TickCount64), null, IdleLifetime, IdleLifetime);

    public static async Task<StatementCache> RentAsync(string connectionString, CancellationToken cancellationToken)
    {
        if (Idle.TryGetValue(connectionString, out var idle) && idle.TryDequeue(out var ready))
        {
            return ready.Statements;
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SqliteConnectionPragmas.ApplyAsync(connection, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new StatementCache(connection);
    }

    /// <summary>Hands a connection back after its unit of work ended (no transaction or reader left open on it).</summary>
    public static void Return(string connectionString, StatementCache statements)
    {
        var idle = Idle.GetOrAdd(connectionString, _ => new());
        if (idle.Count < MaxIdle)
        {
            idle.Enqueue((statements, Environment.TickCount64));
            return;
        }

        Close(statements);
    }

    /// <summary>Closes a connection that failed or is not wanted back.</summary>
    public static void Close(StatementCache statements)
    {
        statements.Dispose();
        statements.Connection.Dispose();
    }

    /// <summary>Closes the connections idle longer than <see cref="IdleLifetime"/> (the oldest wait at each queue's head).</summary>
    internal static void CloseExpired(long now)
    {
        GC.KeepAlive(Sweeper);
        var oldest = now - (long)IdleLifetime.TotalMilliseconds;
        foreach (var idle in Idle.Values)
        {
            while (idle.TryPeek(out var head) && head.ReturnedAt < oldest && idle.TryDequeue(out var expired))
            {
                if (expired.ReturnedAt >= oldest)
                {
                    idle.Enqueue(expired); // returned meanwhile; not ours to close
                    break;
                }

                Close(expired.Statements);
            }
        }
    }
}
