using DevBot.Telegram.BotApi;
using DevBot.Telegram.Persistence;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace DevBot.Telegram.Updates;

/// <summary>
/// Connects the bot while this process holds the Telegram lease: sets up the webhook (webhook mode) or runs
/// the long-polling loop, whose offset is stored after each update so a restart continues where it stopped.
/// </summary>
internal sealed class TelegramBotService(
    IServiceScopeFactory scopes,
    ITelegramBotClient bot,
    UpdateDispatcher dispatcher,
    TelegramLeadership leadership,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramBotService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await leadership.WaitUntilHeldAsync(stoppingToken);
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<BotSetup>().SetUpAsync(stoppingToken);
                }

                failures = 0;
                if (options.Value.UsesWebhook)
                {
                    return;
                }

                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Telegram or the database being away must not end the bot; it keeps trying.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                var failure = BotApiFailure.Of(ex, stoppingToken);
                var backoff = Backoff(failures, failure);
                if (failure is not null)
                {
                    logger.LogWarning("Telegram connection failed ({Error}); trying again in {Backoff}", failure.Description, backoff);
                }
                else
                {
                    logger.LogWarning(ex, "The Telegram bot's connection loop failed; trying again in {Backoff}", backoff);
                }
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var offset = await LoadOffsetAsync(stoppingToken);
        while (leadership.IsHeld && !stoppingToken.IsCancellationRequested)
        {
            var timeout = options.Value.PollTimeoutSeconds;
            using var deadline = new BotApiDeadline(TimeSpan.FromSeconds(timeout) + BotApiClient.CallTimeout, time, stoppingToken);
            var updates = await bot.GetUpdates(offset, limit: 100, timeout, BotSetup.HandledUpdates, deadline.Token);
            foreach (var update in updates.OrderBy(u => u.Id))
            {
                await dispatcher.DispatchAsync(update, stoppingToken);
                offset = update.Id + 1;
                await SaveOffsetAsync(offset.Value, stoppingToken);
            }
        }
    }

    private async Task<int?> LoadOffsetAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<TelegramState>().GetAsync(TelegramStateValue.PollingOffset, cancellationToken);

        // Telegram's update ids are 32-bit (Telegram.Bot types them int); the column is wider.
        return stored is { } offset ? checked((int)offset) : null;
    }

    private async Task SaveOffsetAsync(long offset, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TelegramState>().SetAsync(TelegramStateValue.PollingOffset, offset, cancellationToken);
    }

    private static TimeSpan Backoff(int failures, BotApiFailure? failure)
    {
        if (failure?.RetryAfter is { } retryAfter)
        {
            return retryAfter;
        }

        // 409: another getUpdates (another deployment with this token) or a webhook set elsewhere; 401: bad token.
        var seconds = failure is { ErrorCode: 401 or 404 } ? MaxBackoff.TotalSeconds : Math.Min(Math.Pow(2, failures), MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds);
    }
}
