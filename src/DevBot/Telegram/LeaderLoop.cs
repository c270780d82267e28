namespace DevBot.Telegram;

/// <summary>
/// A background loop that runs only while this process holds the Telegram lease, round after round, and
/// outlives any one round's failure (a database blip): the state it works from is durable, so it just goes on.
/// </summary>
internal abstract class LeaderLoop(TelegramLeadership leadership, TimeProvider time, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    protected TimeProvider Time { get; } = time;

    /// <summary>One round of work, including any waiting for the next.</summary>
    protected abstract Task RunRoundAsync(CancellationToken stoppingToken);

    /// <summary>Called once the loop has ended (the host is stopping).</summary>
    protected virtual Task OnStoppedAsync() => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await leadership.WaitUntilHeldAsync(stoppingToken);
                await RunRoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // See the class summary: a failed round is logged and the next one tried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "{Loop} failed; trying again shortly", GetType().Name);
                await Task.Delay(AfterFailure, Time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await OnStoppedAsync();
    }
}
