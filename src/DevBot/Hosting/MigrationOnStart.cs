using DevBot.Data;
using Microsoft.Extensions.Options;

namespace DevBot.Hosting;

public static class MigrationOnStart
{
    public static async Task MigrateIfConfiguredAsync(this IHost host, CancellationToken cancellationToken)
    {
        if (host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await host.MigrateAsync(cancellationToken);
        }
    }

    public static async Task<IReadOnlyList<string>> MigrateAsync(this IHost host, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SqlMigrator>().MigrateAsync(cancellationToken);
    }
}
