using DevBot.Data;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram;

/// <summary>Keeps the bot's bookkeeping tables small: old dedupe markers, finished outbox rows, dead link codes, expired chat memories.</summary>
internal sealed class TelegramHousekeeping(IServiceScopeFactory scopes, TelegramLeadership leadership, TimeProvider time, ILogger<TelegramHousekeeping> logger)
    : LeaderLoop(leadership, time, logger)
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Telegram stops redelivering an update after a day; a week of markers is ample.</summary>
    private static readonly TimeSpan KeepProcessedUpdates = TimeSpan.FromDays(7);

    private static readonly TimeSpan KeepFinishedMessages = TimeSpan.FromDays(30);

    protected override async Task RunRoundAsync(CancellationToken stoppingToken)
    {
        await CleanAsync(stoppingToken);
        await Task.Delay(Every, Time, stoppingToken);
    }

    internal async Task CleanAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var now = Time.GetUtcNow().UtcDateTime;
        var updatesBefore = now - KeepProcessedUpdates;
        var messagesBefore = now - KeepFinishedMessages;
        await db.Set<ProcessedUpdate>().Where(u => u.ProcessedAt < updatesBefore).ExecuteDeleteAsync(cancellationToken);
        await db.Set<OutboxMessage>()
            .Where(m => m.Status != OutboxStatus.Pending && m.CreatedAt < messagesBefore)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Set<TelegramLinkCode>().Where(c => c.ExpiresAt < now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<ChatMemory>().ForgetExpiredAsync(cancellationToken);
    }
}
