namespace DevBot.Projects;

/// <summary>
/// Finds events committed by any process (a separate <c>devbot worker</c>, another node) and wakes the streams of their
/// projects: one query a second for all the streams of this process together, and none while no stream is open.
/// Each stream used to poll its own project every second, two queries each: with 2,000 builds followed at once that
/// was 4,000 queries a second, more than the builds themselves cost on a small machine.
/// </summary>
internal sealed partial class ProjectEventWatcher(
    IServiceScopeFactory scopes, ProjectEventSignal signal, TimeProvider time, ILogger<ProjectEventWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest a stream waits without a wake-up before it reads again anyway: a safety net for a wake-up that fell
    /// between the stream's read and its wait, never the way events normally arrive.
    /// </summary>
    public static readonly TimeSpan StreamFallback = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? after = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (after is not null && !signal.HasProjectWaiters)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var events = scope.ServiceProvider.GetRequiredService<ProjectEventLog>();
                if (after is not { } cursor)
                {
                    after = await events.LatestIdAsync(stoppingToken);
                    continue;
                }

                var (projects, latest) = await events.ProjectsWithEventsAfterAsync(cursor, stoppingToken);
                after = latest;
                foreach (var projectId in projects)
                {
                    signal.Pulse(projectId);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed look (a database blip) must not end the watching: streams fall back to their own reads meanwhile.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for new build events; streams read on their own until the next look")]
    private partial void LogFailed(Exception exception);
}
