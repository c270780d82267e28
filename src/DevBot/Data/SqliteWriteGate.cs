using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace DevBot.Data;

/// <summary>
/// One writer at a time per SQLite file in this process, taken asynchronously before <c>BEGIN IMMEDIATE</c>.
/// SQLite has a single write lock, and a connection waiting for it sleeps inside <c>sqlite3_step</c> on its busy
/// handler (1, 2, 5 … 100 ms naps, never woken when the lock frees), blocking a thread-pool thread all the while.
/// Measured with wrk on the accept path: ten concurrent submissions spent most of their time in those naps, the
/// pool starved, and DevBot accepted a tenth of what a bare insert does. Queued here instead, a waiter takes no
/// thread and goes the moment the previous writer commits. Writers in other processes (a separate <c>devbot
/// worker</c>) still meet at SQLite's own lock, as before.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ByFile = new(StringComparer.Ordinal);

    // Each connection string is parsed once: the gate is taken on every write of the hot path.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ByConnectionString = new(StringComparer.Ordinal);

    /// <summary>Waits for this process's turn to write to the connection's file; dispose the turn after the commit or rollback.</summary>
    public static async Task<IDisposable> EnterAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var gate = ByConnectionString.GetOrAdd(connection.ConnectionString, text => ByFile.GetOrAdd(FileOf(text), _ => new SemaphoreSlim(1, 1)));
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    private static string FileOf(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(source) || source.StartsWith(':') ? connectionString : Path.GetFullPath(source);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
