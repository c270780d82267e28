using DevBot.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace DevBot.Data;

internal static class DataServiceCollectionExtensions
{
    /// <summary>Registers the database chosen by <c>DATABASE_URL</c> and returns that choice.</summary>
    public static ResolvedDatabase AddDevBotData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration).ValidateOnStart();
        var options = new DatabaseOptions();
        configuration.Bind(options);
        var resolved = options.Resolve();
        services.AddSingleton(resolved);
        services.AddMetrics();
        services.AddSingleton<DatabaseMetrics>();
        services.AddSingleton<CommandMetricsInterceptor>();
        services.AddSingleton(sp => new GroupCommit(
            sp.GetRequiredService<IServiceScopeFactory>(), resolved, sp.GetRequiredService<DatabaseMetrics>(), sp.GetRequiredService<ILogger<GroupCommit>>()));

        // Pooled contexts: measured on the accept path, setting up each request's context (its options and internal
        // services) took about a sixth of the request's CPU; a pooled one is reset and reused instead.
        if (resolved.Provider == DatabaseProvider.Postgres)
        {
            // UseVector: pgvector's types (Pgvector, Pgvector.EntityFrameworkCore); harmless where the extension is missing.
            services.AddSingleton(_ =>
            {
                var builder = new NpgsqlDataSourceBuilder(resolved.ConnectionString);
                builder.UseVector();
                return builder.Build();
            });
            services.AddDbContextPool<DevBotDbContext>((sp, db) => db
                .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.UseVector())
                .AddInterceptors(sp.GetRequiredService<CommandMetricsInterceptor>())
                .ConfigureWarnings(QuietWarnings));
        }
        else
        {
            EnsureSqliteDirectory(resolved);
            services.AddDbContextPool<DevBotDbContext>((sp, db) => db
                .UseSqlite(resolved.ConnectionString)
                .AddInterceptors(SqliteConnectionPragmas.Instance, sp.GetRequiredService<CommandMetricsInterceptor>())
                .ConfigureWarnings(QuietWarnings));
        }

        services.AddScoped<SqlMigrator>();
        return resolved;
    }

    /// <summary>
    /// A connection that cannot be opened is reported by whoever tried (one sentence at start-up, the worker's own
    /// log at run time), so EF's own report with its stack trace goes to Debug.
    /// </summary>
    private static void QuietWarnings(WarningsConfigurationBuilder warnings) => warnings
        .Ignore(RelationalEventId.PendingModelChangesWarning, CoreEventId.NoEntityTypeConfigurationsWarning)
        .Log((RelationalEventId.ConnectionError, LogLevel.Debug));

    private static void EnsureSqliteDirectory(ResolvedDatabase database)
    {
        string path;
        try
        {
            path = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        }
        catch (ArgumentException)
        {
            throw new StartupException("DATABASE_URL is not a valid SQLite connection string: use 'Data Source=path/to/devbot.db'.");
        }

        if (path is ":memory:" || string.IsNullOrEmpty(path))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        try
        {
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(
                $"The folder {directory} for the SQLite database cannot be created ({ex.Message.TrimEnd('.')}): set DEVBOT_DATA_DIR (or DATABASE_URL) to a writable place.", ex);
        }
    }
}
