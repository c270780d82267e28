using System.Data.Common;
using System.Reflection;
using DevBot.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DevBot.Data;

/// <summary>
/// Applies the versioned SQL scripts embedded under Data/Migrations/{Sqlite|Postgres}, each once, in order,
/// each in its own transaction. Safe to run from several processes at once (advisory lock / write lock).
/// A database that cannot be reached and a script that fails end in a <see cref="StartupException"/> saying what to fix.
/// </summary>
public sealed class SqlMigrator(DevBotDbContext db, ResolvedDatabase database, TimeProvider time, ILogger<SqlMigrator> logger)
{
    private const long PostgresLockKey = 0x0DEB_0701;

    public static IReadOnlyList<(string Version, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(SqlMigrator).Assembly;
        var prefix = $"DevBot.Data.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Version: n[prefix.Length..^4], Sql: Read(assembly, n)))
            .OrderBy(s => s.Version, StringComparer.Ordinal)
            .ToList() is { Count: > 0 } scripts
                ? scripts
                : throw new InvalidOperationException($"No migration scripts are embedded for {provider}.");
    }

    /// <summary>Opens and closes a connection: a database that does not answer stops the start with a sentence.</summary>
    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        await db.Database.CloseConnectionAsync();
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var provider = db.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var connection = db.Database.GetDbConnection();
        await OpenAsync(cancellationToken);
        var step = "Creating the migrations table";
        try
        {
            if (provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
            }
            else
            {
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)",
                cancellationToken);

            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT version FROM schema_migrations";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var newlyApplied = new List<string>();
            foreach (var (version, sql) in Scripts(provider))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                step = $"Migration {version}";
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, sql, cancellationToken);
                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)";
                    AddParameter(record, "@v", version);
                    AddParameter(record, "@t", time.GetUtcNow().ToString("O"));
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                newlyApplied.Add(version);
                logger.LogInformation("Applied migration {Version} ({Provider})", version, provider);
            }

            if (provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", cancellationToken);
            }

            return newlyApplied;
        }
        catch (DbException ex)
        {
            DatabaseProblems.ThrowIfDescribed(ex, database);
            throw new StartupException(
                $"{step} failed on the {DatabaseProblems.NameOf(provider)} database of DATABASE_URL ({Reason(ex)}); nothing of it was kept: fix that and run 'devbot migrate' again.",
                ex);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && DatabaseProblems.Describe(ex, database) is { } sentence)
        {
            throw new StartupException(sentence, ex);
        }
    }

    private static string Reason(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.Hint is { Length: > 0 } hint ? $"{postgres.MessageText}; {hint}" : postgres.MessageText,
        SqliteException sqlite => sqlite.Message.Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal).TrimEnd('.'),
        _ => exception.Message.TrimEnd('.'),
    };

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
