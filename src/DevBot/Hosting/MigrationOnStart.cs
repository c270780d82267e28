using DevBot.Data;
using Microsoft.Extensions.Options;

namespace DevBot.Hosting;

public static class MigrationOnStart
{
    /// <summary>
    /// Applies pending migrations (<c>DATABASE_MIGRATE_ON_START</c>), or else makes sure the database answers: either
    /// way a database that cannot be used stops the start here, with a sentence naming DATABASE_URL.
    /// </summary>
    public static async Task MigrateIfConfiguredAsync(this IHost host, CancellationToken cancellationToken)
    {
        if (host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await host.MigrateAsync(cancellationToken);
            return;
        }

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqlMigrator>().EnsureReachableAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<string>> MigrateAsync(this IHost host, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SqlMigrator>().MigrateAsync(cancellationToken);
    }
}
