using DevBot.Shared;
using Microsoft.Extensions.Configuration;

namespace DevBot.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the application database lives, parsed from <c>DATABASE_URL</c>.</summary>
public sealed class DatabaseOptions
{
    [ConfigurationKeyName("DATABASE_URL")]
    public string? Url { get; set; }

    [ConfigurationKeyName("DEVBOT_DATA_DIR")]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations when serve/worker start (the embedded default needs no extra step).</summary>
    [ConfigurationKeyName("DATABASE_MIGRATE_ON_START")]
    public bool MigrateOnStart { get; set; } = true;

    public ResolvedDatabase Resolve() => ResolvedDatabase.From(Url, DataDirectory);
}

public sealed record ResolvedDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public static ResolvedDatabase From(string? url, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            var path = Path.GetFullPath(Path.Combine(dataDirectory, "devbot.db"));
            return new(DatabaseProvider.Sqlite, SqliteConnectionString(path));
        }

        url = url.Trim();
        if (url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Postgres, PostgresUrlToConnectionString(url));
        }

        if (url.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("DataSource=", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("Filename=", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Sqlite, url);
        }

        if (url.StartsWith("sqlite://", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Sqlite, SqliteConnectionString(url["sqlite://".Length..]));
        }

        if (url.Contains("Host=", StringComparison.OrdinalIgnoreCase) || url.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Postgres, CheckedNpgsqlConnectionString(url));
        }

        throw new StartupException(
            "DATABASE_URL is not understood: use 'Data Source=path.db' for SQLite or 'postgres://user:pass@host:port/db' (or an Npgsql connection string) for PostgreSQL.");
    }

    private static string CheckedNpgsqlConnectionString(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return connectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's message may quote the value (a password): only say what shape is expected.
            throw new StartupException(
                "DATABASE_URL is not a valid PostgreSQL connection string (an unknown keyword or an invalid value): use 'Host=…;Port=…;Database=…;Username=…;Password=…' or 'postgres://user:password@host:port/database'.");
        }
    }

    private static string SqliteConnectionString(string path) => $"Data Source={path};Pooling=True";

    private static string PostgresUrlToConnectionString(string url)
    {
        // The URL holds the password: errors name the variable and the part that is wrong, never the URL.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new StartupException(
                "DATABASE_URL is not a valid PostgreSQL URL: use 'postgres://user:password@host:port/database' (percent-encode special characters in the password).");
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length != 2)
            {
                continue;
            }

            var keyword = Uri.UnescapeDataString(kv[0]).Replace('_', ' ');
            try
            {
                builder[keyword] = Uri.UnescapeDataString(kv[1]);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                throw new StartupException($"DATABASE_URL's option '{keyword}' is not a PostgreSQL (Npgsql) connection setting or has an invalid value.");
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The connection string with any password removed, for logs and health output.</summary>
    public string Redacted => Provider == DatabaseProvider.Postgres
        ? new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ConnectionString
        : ConnectionString;
}
