using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Users;

/// <summary>
/// Writes the gathered <see cref="ApiKeyUsage"/> to <c>api_keys.last_used_at</c>: a plain update per key, in short
/// transactions of <see cref="KeysPerTransaction"/> keys. On SQLite a write transaction stops every other writer (a
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
