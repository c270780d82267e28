using System.Net.Sockets;
using DevBot.Shared;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DevBot.Data;

/// <summary>
/// Turns a failure to reach or use the database into one sentence for the operator: where it tried (never the
/// password), what went wrong, and what to change. Null when the failure is not a database's.
/// </summary>
public static class DatabaseProblems
{
    public static string? Describe(Exception exception, ResolvedDatabase database)
    {
        var where = Where(database);
        foreach (var ex in Chain(exception))
        {
            switch (ex)
            {
                case PostgresException { SqlState: "28P01" or "28000" } postgres:
                    return $"PostgreSQL at {where} refused the login ({postgres.MessageText}): fix the user name or password in DATABASE_URL.";
                case PostgresException { SqlState: "3D000" } postgres:
                    return $"PostgreSQL at {where} has no such database ({postgres.MessageText}): create it (createdb) or fix the database name in DATABASE_URL.";
                case PostgresException { SqlState: "53300" or "57P03" } postgres:
                    return $"PostgreSQL at {where} does not accept connections now ({postgres.MessageText}): wait for it to start, or raise its max_connections.";
                case SocketException socket:
                    return $"{NameOf(database.Provider)} at {where} cannot be reached ({Reason(socket.SocketErrorCode)}): start the database server, or fix the host and port in DATABASE_URL.";
                case TimeoutException when database.Provider == DatabaseProvider.Postgres:
                    return $"PostgreSQL at {where} did not answer in time: check that the server runs and the host and port in DATABASE_URL are right (and that no firewall drops the connection).";
                case SqliteException { SqliteErrorCode: 14 } :
                    return $"The SQLite database {where} cannot be opened: make sure its folder exists and is writable (DATABASE_URL, or DEVBOT_DATA_DIR for the default file).";
                case SqliteException { SqliteErrorCode: 8 }:
                    return $"The SQLite database {where} is read-only: give DevBot write access to the file and its folder (DATABASE_URL, or DEVBOT_DATA_DIR for the default file).";
                case SqliteException { SqliteErrorCode: 26 }:
                    return $"{where} is not a SQLite database: point DATABASE_URL at a DevBot database file (or a new path, which is created).";
                case UnauthorizedAccessException when database.Provider == DatabaseProvider.Sqlite:
                    return $"The SQLite database {where} cannot be created or opened (permission denied): give DevBot write access there, or set DEVBOT_DATA_DIR (or DATABASE_URL) to a writable place.";
            }
        }

        return null;
    }

    /// <summary>Throws a <see cref="StartupException"/> for a database failure that has a sentence; otherwise returns.</summary>
    public static void ThrowIfDescribed(Exception exception, ResolvedDatabase database)
    {
        if (Describe(exception, database) is { } sentence)
        {
            throw new StartupException(sentence, exception);
        }
    }

    /// <summary>The database's name as operators write it.</summary>
    public static string NameOf(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite";

    private static string Where(ResolvedDatabase database)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            return $"{builder.Host}:{builder.Port}";
        }

        return new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
    }

    private static string Reason(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused: nothing listens on that port",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "the host name is unknown",
        SocketError.TimedOut => "the connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to the host",
        _ => error.ToString(),
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            yield return ex;
            if (ex is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
