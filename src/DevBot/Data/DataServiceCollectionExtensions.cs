using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace DevBot.Data;

public static class DataServiceCollectionExtensions
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

        if (resolved.Provider == DatabaseProvider.Postgres)
        {
            // UseVector: pgvector's types (Pgvector, Pgvector.EntityFrameworkCore); harmless where the extension is missing.
            services.AddSingleton(_ =>
            {
                var builder = new NpgsqlDataSourceBuilder(resolved.ConnectionString);
                builder.UseVector();
                return builder.Build();
            });
            services.AddDbContext<DevBotDbContext>((sp, db) => db
                .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.UseVector())
                .AddInterceptors(sp.GetRequiredService<CommandMetricsInterceptor>())
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning, CoreEventId.NoEntityTypeConfigurationsWarning)));
        }
        else
        {
            EnsureSqliteDirectory(resolved.ConnectionString);
            services.AddDbContext<DevBotDbContext>((sp, db) => db
                .UseSqlite(resolved.ConnectionString)
                .AddInterceptors(SqliteConnectionPragmas.Instance, sp.GetRequiredService<CommandMetricsInterceptor>())
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning, CoreEventId.NoEntityTypeConfigurationsWarning)));
        }

        services.AddScoped<SqlMigrator>();
        return resolved;
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (path is ":memory:" || string.IsNullOrEmpty(path))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
