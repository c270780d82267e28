using System.Collections.Concurrent;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Updates;

public enum DispatchResult
{
    Handled,

    /// <summary>The update was handled before (webhook retry, re-polled after a crash): nothing was done.</summary>
    Duplicate,

    /// <summary>Handling kept failing; the user was told, and the update is marked handled so it cannot block the bot.</summary>
    GaveUp,
}

/// <summary>
/// Runs every update, from polling or the webhook, through the same path: one transaction that claims the
/// update_id (a second delivery finds it claimed and does nothing), lets the handler do its work, and commits.
/// </summary>
public sealed class UpdateDispatcher(
    IServiceScopeFactory scopes,
    ITelegramBotApi api,
    OutboxSignal outboxSignal,
    ProjectEventSignal eventSignal,
    TimeProvider time,
    ILogger<UpdateDispatcher> logger)
{
    private const int MaxFailures = 3;
    private const string SomethingWentWrong = "Sorry, something went wrong on my side with that message. Please try again in a moment.";
    private readonly ConcurrentDictionary<long, int> _failures = new();

    public async Task<DispatchResult> DispatchAsync(Update update, CancellationToken cancellationToken)
    {
        var effects = new UpdateEffects();
        try
        {
            if (!await HandleOnceAsync(update, effects, cancellationToken))
            {
                return DispatchResult.Duplicate;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = _failures.AddOrUpdate(update.UpdateId, 1, (_, n) => n + 1);
            logger.LogError(ex, "Handling Telegram update {UpdateId} failed ({Failures} of {Max})", update.UpdateId, failures, MaxFailures);
            if (failures < MaxFailures)
            {
                throw;
            }

            await GiveUpAsync(update, cancellationToken);
            return DispatchResult.GaveUp;
        }

        _failures.TryRemove(update.UpdateId, out _);
        await AfterCommitAsync(update, effects, cancellationToken);
        return DispatchResult.Handled;
    }

    private async Task<bool> HandleOnceAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(db, update.UpdateId, cancellationToken))
        {
            return false;
        }

        await scope.ServiceProvider.GetRequiredService<IUpdateHandler>().HandleAsync(update, effects, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Marks the update handled; false when it already was. Runs first, so it also takes SQLite's write lock.</summary>
    private async Task<bool> ClaimAsync(DevBotDbContext db, long updateId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO telegram_processed_updates (update_id, processed_at) VALUES ({updateId}, {now}) ON CONFLICT (update_id) DO NOTHING",
            cancellationToken);
        return inserted == 1;
    }

    private async Task RunAfterCommitAsync(Update update, Func<IServiceProvider, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await action(scope.ServiceProvider, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Follow-up work of Telegram update {UpdateId} failed", update.UpdateId);
            await using var apologyScope = scopes.CreateAsyncScope();
            if ((update.Message?.Chat ?? update.CallbackQuery?.Message?.Chat) is { } chat)
            {
                apologyScope.ServiceProvider.GetRequiredService<TelegramOutbox>().Send(chat.Id, SomethingWentWrong);
                await apologyScope.ServiceProvider.GetRequiredService<DevBotDbContext>().SaveChangesAsync(cancellationToken);
            }
        }
    }

    private async Task GiveUpAsync(Update update, CancellationToken cancellationToken)
    {
        _failures.TryRemove(update.UpdateId, out _);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(db, update.UpdateId, cancellationToken))
        {
            return;
        }

        if ((update.Message?.Chat ?? update.CallbackQuery?.Message?.Chat) is { } chat)
        {
            scope.ServiceProvider.GetRequiredService<TelegramOutbox>().Send(chat.Id, SomethingWentWrong);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outboxSignal.Pulse();
    }

    private async Task AfterCommitAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken)
    {
        foreach (var action in effects.AfterCommitActions)
        {
            await RunAfterCommitAsync(update, action, cancellationToken);
        }

        outboxSignal.Pulse();
        eventSignal.Pulse();
        if (effects.WorkQueued)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobQueue>().WakeWorkersAsync(cancellationToken);
        }

        if (update.CallbackQuery is { } callback)
        {
            try
            {
                await api.AnswerCallbackQueryAsync(new AnswerCallbackQueryRequest(callback.Id) { Text = effects.CallbackAnswer }, cancellationToken);
            }
            catch (TelegramApiException ex)
            {
                // Only the button's spinner depends on it; the real answer is in the outbox.
                logger.LogDebug("answerCallbackQuery failed: {Error}", ex.Message);
            }
        }
    }
}
