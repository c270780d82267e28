using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Users;

/// <summary>
/// Writes the gathered <see cref="ApiKeyUsage"/> to <c>api_keys.last_used_at</c> in short transactions of
/// <see cref="KeysPerTransaction"/> keys (on PostgreSQL one statement each, on SQLite a plain update per key). On SQLite a write transaction stops every other writer (a
/// submission too), so a round with thousands of keys must never hold the lock for long: measured, one EF update per
/// key in a single transaction held it for seconds with 20,000 keys in use, and every submission then waited.
/// </summary>
internal sealed class ApiKeyUsageWriter(IServiceScopeFactory scopes, ApiKeyUsage usage, TimeProvider time, ILogger<ApiKeyUsageWriter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    internal const int KeysPerTransaction = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await WriteAsync(CancellationToken.None);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await WriteAsync(cancellationToken);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var uses = usage.Drain();
        if (uses.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            foreach (var chunk in uses.Chunk(KeysPerTransaction))
            {
                await using var transaction = await DirectConnection.BeginAsync(db, cancellationToken);
                if (transaction.IsPostgres)
                {
                    // One statement for the chunk: one update per key was one round trip per key, thousands every
                    // interval on a busy server, competing with submissions for the database.
                    await using var command = RawSql.Command(transaction, """
                        UPDATE api_keys AS k SET last_used_at = u.used
                        FROM unnest(@ids, @used) AS u(id, used)
                        WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used)
                        """)
                        .Bind("@ids", chunk.Select(use => use.Key).ToArray())
                        .Bind("@used", chunk.Select(use => use.Value).ToArray());
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                else
                {
                    // SQLite runs in the process: no round trips to save, and the command stays prepared.
                    foreach (var (keyId, usedAt) in chunk)
                    {
                        await using var command = RawSql.Command(transaction, """
                            UPDATE api_keys SET last_used_at = @used
                            WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @used)
                            """)
                            .Bind<ApiKey>("@id", k => k.Id, keyId)
                            .Bind<ApiKey>("@used", k => k.LastUsedAt, usedAt);
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }
#pragma warning disable CA1031 // Usage times are a convenience: a failed write is logged, never fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Could not record when {Count} API keys were last used", uses.Count);
        }
    }
}
