using System.Data.Common;

namespace DevBot.Data;

/// <summary>
/// Commands kept prepared on one long-lived connection, by SQL text. Microsoft.Data.Sqlite prepares a command's
/// statements on its first execution and keeps them as long as the command lives; EF and plain commands are new
/// objects every time, so each use parsed and planned its SQL again — with the queue's counter triggers compiled into
/// every insert, that was about a fifth of a submission's CPU (perf, accept path). One cache per connection, used by
/// one caller at a time (the connection's owner); bounded, since the SQL texts of the hot path are few.
/// </summary>
internal sealed class StatementCache(DbConnection connection) : IDisposable
{
    /// <summary>More distinct texts than the hot path has; past it the cache starts over rather than grow.</summary>
    internal const int Capacity = 64;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection { get; } = connection;

    /// <summary>The command for this SQL on the cache's connection, without parameters, in the given transaction.</summary>
    public DbCommand Borrow(string sql, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= Capacity)
            {
                Clear();
            }

            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
