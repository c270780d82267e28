using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Users;

/// <summary>Writes the gathered <see cref="ApiKeyUsage"/> to <c>api_keys.last_used_at</c>, in one transaction per round.</summary>
public sealed class ApiKeyUsageWriter(IServiceScopeFactory scopes, ApiKeyUsage usage, TimeProvider time, ILogger<ApiKeyUsageWriter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

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
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (keyId, usedAt) in uses)
            {
                await db.Set<ApiKey>().Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < usedAt))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Usage times are a convenience: a failed write is logged, never fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Could not record when {Count} API keys were last used", uses.Count);
        }
    }
}
