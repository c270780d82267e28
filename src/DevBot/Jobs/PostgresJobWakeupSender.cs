using Npgsql;

namespace DevBot.Jobs;

/// <summary>Sends the coalesced <see cref="JobWakeups"/> as PostgreSQL NOTIFYs, one at a time.</summary>
public sealed class PostgresJobWakeupSender(
    NpgsqlDataSource dataSource,
    JobWakeups wakeups,
    TimeProvider time,
    ILogger<PostgresJobWakeupSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await wakeups.WaitForRequestAsync(stoppingToken);
                await using var notify = dataSource.CreateCommand($"SELECT pg_notify('{JobQueue.NotifyChannel}', '')");
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException ex)
            {
                // Workers still poll; the next submission asks again.
                logger.LogWarning(ex, "Could not notify workers of new jobs");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
