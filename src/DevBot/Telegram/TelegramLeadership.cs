using DevBot.Data;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram;

/// <summary>
/// Holds a database lease so that, when several DevBot processes share a database, exactly one of them polls
/// Telegram, relays build events and sends messages (two senders would send twice). The lease is renewed
/// while the process lives and handed back on shutdown, so a restart takes over at once.
/// </summary>
internal sealed class TelegramLeadership(IServiceScopeFactory scopes, TimeProvider time, ILogger<TelegramLeadership> logger) : BackgroundService
{
    private const string LeaseName = "telegram-bot";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsHeld => _held.Task.IsCompleted;

    public Task WaitUntilHeldAsync(CancellationToken cancellationToken) => Volatile.Read(ref _held).Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool held;
            try
            {
                held = await TryAcquireAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database blip must not end the bot; the lease simply is not held meanwhile.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Could not renew the Telegram lease");
                held = false;
            }

            SetHeld(held);
            await Task.Delay(held ? RenewEvery : RetryEvery, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!IsHeld)
        {
            return;
        }

        SetHeld(false);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();

        // Handed back even when the shutdown is already late: otherwise the next process waits out the lease.
        await db.Set<TelegramLease>()
            .Where(l => l.Name == LeaseName && l.Owner == _owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, (string?)null), CancellationToken.None);
    }

    private async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO telegram_leases (name, owner, expires_at) VALUES ({LeaseName}, NULL, {now}) ON CONFLICT (name) DO NOTHING",
            cancellationToken);
        var taken = await db.Set<TelegramLease>()
            .Where(l => l.Name == LeaseName && (l.Owner == _owner || l.Owner == null || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, _owner).SetProperty(l => l.ExpiresAt, now + LeaseTime), cancellationToken);
        return taken == 1;
    }

    private void SetHeld(bool held)
    {
        if (held == IsHeld)
        {
            return;
        }

        if (held)
        {
            logger.LogInformation("This process now runs the Telegram bot");
            _held.TrySetResult();
        }
        else
        {
            logger.LogWarning("This process no longer runs the Telegram bot");
            Volatile.Write(ref _held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
