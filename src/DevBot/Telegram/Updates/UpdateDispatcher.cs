using System.Collections.Concurrent;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Texts;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DevBot.Telegram.Updates;

internal enum DispatchResult
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
internal sealed class UpdateDispatcher(
    IServiceScopeFactory scopes,
    ITelegramBotClient bot,
    BotTexts texts,
    OutboxSignal outboxSignal,
    ProjectEventSignal eventSignal,
    TimeProvider time,
    ILogger<UpdateDispatcher> logger)
{
    private const int MaxFailures = 3;
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
            var failures = _failures.AddOrUpdate(update.Id, 1, (_, n) => n + 1);
            logger.LogError(ex, "Handling Telegram update {UpdateId} failed ({Failures} of {Max})", update.Id, failures, MaxFailures);
            if (failures < MaxFailures)
            {
                throw;
            }

            await GiveUpAsync(update, cancellationToken);
            return DispatchResult.GaveUp;
        }

        _failures.TryRemove(update.Id, out _);
        await AfterCommitAsync(update, effects, cancellationToken);
        return DispatchResult.Handled;
    }

    private async Task<bool> HandleOnceAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(db, update.Id, cancellationToken))
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
            logger.LogError(ex, "Follow-up work of Telegram update {UpdateId} failed", update.Id);
            await using var apologyScope = scopes.CreateAsyncScope();
            if (ChatOf(update) is { } chatId)
            {
                apologyScope.ServiceProvider.GetRequiredService<TelegramOutbox>().Send(chatId, Apology(update));
                await apologyScope.ServiceProvider.GetRequiredService<DevBotDbContext>().SaveChangesAsync(cancellationToken);
            }
        }
    }

    private async Task GiveUpAsync(Update update, CancellationToken cancellationToken)
    {
        _failures.TryRemove(update.Id, out _);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await ClaimAsync(db, update.Id, cancellationToken))
            {
                return;
            }

            if (ChatOf(update) is { } chatId)
            {
                scope.ServiceProvider.GetRequiredService<TelegramOutbox>().Send(chatId, Apology(update));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        outboxSignal.Pulse();
        await AnswerQueriesAsync(update, new UpdateEffects { CallbackAnswer = null, PreCheckoutRefusal = Apology(update) }, cancellationToken);
    }

    private async Task AfterCommitAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken)
    {
        foreach (var action in effects.AfterCommitActions)
        {
            await RunAfterCommitAsync(update, action, cancellationToken);
        }

        outboxSignal.Pulse();
        eventSignal.PulseAll();
        if (effects.WorkQueued)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobQueue>().WakeWorkersAsync(cancellationToken);
        }

        await AnswerQueriesAsync(update, effects, cancellationToken);
    }

    /// <summary>
    /// Button presses and pre-checkout queries are answered directly, not through the outbox: they are no chat
    /// messages and their answer is wanted within seconds. A failure costs a spinner (button) or a payment the
    /// user can simply try again (pre-checkout); the real news is in the outbox either way.
    /// </summary>
    private async Task AnswerQueriesAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken)
    {
        using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time, cancellationToken);
        try
        {
            if (update.CallbackQuery is { } callback)
            {
                await bot.AnswerCallbackQuery(callback.Id, effects.CallbackAnswer, cancellationToken: deadline.Token);
            }

            if (update.PreCheckoutQuery is { } query)
            {
                await bot.AnswerPreCheckoutQuery(query.Id, effects.PreCheckoutRefusal, deadline.Token);
            }
        }
        catch (Exception ex) when (BotApiFailure.Of(ex, cancellationToken) is { } failure)
        {
            logger.LogWarning("Answering the query of Telegram update {UpdateId} failed: {Error}", update.Id, failure.Description);
        }
    }

    private string Apology(Update update) => texts.For(SenderOf(update)?.LanguageCode)[TextKey.SomethingWentWrong];

    private static long? ChatOf(Update update) =>
        update.Message?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? update.PreCheckoutQuery?.From.Id;

    private static User? SenderOf(Update update) => update.Message?.From ?? update.CallbackQuery?.From ?? update.PreCheckoutQuery?.From;
}
