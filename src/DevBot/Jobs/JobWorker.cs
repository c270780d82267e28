using Microsoft.Extensions.Options;

namespace DevBot.Jobs;

/// <summary>
/// Runs <c>WORKER_CONCURRENCY</c> loops that claim jobs, keep their leases alive by heartbeat, and hand
/// them to the handler of their kind.
/// </summary>
public sealed class JobWorker(
    IServiceScopeFactory scopes,
    JobSignal signal,
    JobRetryPolicy retries,
    TimeProvider time,
    IOptions<JobsOptions> options,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly string _ownerPrefix = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = Enumerable.Range(0, options.Value.WorkerConcurrency)
            .Select(i => Task.Run(() => LoopAsync($"{_ownerPrefix}:{i}", stoppingToken), stoppingToken));
        return Task.WhenAll(loops);
    }

    private async Task LoopAsync(string owner, CancellationToken stoppingToken)
    {
        logger.LogInformation("Worker {Owner} started", owner);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Job? job;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    job = await scope.ServiceProvider.GetRequiredService<JobQueue>().TryClaimAsync(owner, stoppingToken);
                }

                if (job is null)
                {
                    await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
                    continue;
                }

                await RunClaimedAsync(job, owner, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A worker loop must survive any failure (database blip) and try again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Worker {Owner} failed; retrying shortly", owner);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Every log line written while a job runs — the pipeline's, the model gateway's, the database's — carries these ids
    /// (shown with the console's IncludeScopes, e.g. as "Scopes" in JSON logs), so one build's lines can be picked out.
    /// </summary>
    private static readonly Func<ILogger, Guid, Guid, Guid, IDisposable?> JobLogScope =
        LoggerMessage.DefineScope<Guid, Guid, Guid>("Job {JobId} of project {ProjectId} for user {UserId}");

    private async Task RunClaimedAsync(Job job, string owner, CancellationToken stoppingToken)
    {
        using var logScope = JobLogScope(logger, job.Id, job.ProjectId, job.UserId);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var handler = services.GetServices<IJobHandler>().SingleOrDefault(h => h.Kind == job.Kind);
        var settings = options.Value;

        if (handler is null || job.Attempts > settings.MaxAttempts)
        {
            var reason = handler is null
                ? $"No handler for job kind '{job.Kind}'."
                : $"The job was interrupted or retried {job.Attempts - 1} times; giving up.";
            await GiveUpAsync(job, owner, reason, stoppingToken);
            return;
        }

        using var lease = new JobLease(job.Id, owner, settings.Lease, time, token => RenewAsync(job.Id, owner, token));
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        var heartbeat = HeartbeatAsync(job.Id, lease, jobCancellation.Token);
        JobOutcome outcome;
        try
        {
            logger.LogInformation("Running {Kind} job {JobId} for project {ProjectId} (claim {Attempt})", job.Kind, job.Id, job.ProjectId, job.Attempts);
            outcome = await handler.RunAsync(job, lease, jobCancellation.Token);
        }
        catch (OperationCanceledException) when (jobCancellation.IsCancellationRequested)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand the job straight back so a restart continues it without waiting for the lease.
                await using var releaseScope = scopes.CreateAsyncScope();
                await releaseScope.ServiceProvider.GetRequiredService<JobQueue>()
                    .ReleaseAsync(job.Id, owner, TimeSpan.Zero, "worker stopped", CancellationToken.None);
            }
            else
            {
                logger.LogWarning("Lost the lease of job {JobId}; another worker has it", job.Id);
            }

            return;
        }
#pragma warning disable CA1031 // An unexpected handler failure must end the job cleanly, not kill the worker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Job {JobId} failed unexpectedly", job.Id);
            outcome = JobOutcome.RetryLater($"Unexpected error: {ex.Message}");
        }
        finally
        {
            await jobCancellation.CancelAsync();
            await heartbeat;
        }

        var queue = services.GetRequiredService<JobQueue>();
        switch (outcome)
        {
            case JobOutcome.Done { Status: JobStatus.Paused }:
                // A pause waits for credits; it is not a crash or a failure, so it does not use up an attempt.
                await queue.PauseAsync(job.Id, owner, CancellationToken.None);
                break;
            case JobOutcome.Done done:
                await queue.FinishAsync(job.Id, owner, done.Status, done.Error, CancellationToken.None);
                break;
            case JobOutcome.Retry retry when retries.DelayAfter(job.Attempts, retry.NotBefore) is { } delay:
                logger.LogWarning("Job {JobId} will be retried in {Delay}: {Reason}", job.Id, delay, retry.Reason);
                await queue.ReleaseAsync(job.Id, owner, delay, retry.Reason, CancellationToken.None);
                break;
            case JobOutcome.Retry retry:
                await GiveUpAsync(job, owner, retry.Reason, CancellationToken.None);
                break;
        }
    }

    /// <summary>Fails the job for good; its handler (in a fresh scope: the running one may be broken) records why.</summary>
    private async Task GiveUpAsync(Job job, string owner, string reason, CancellationToken cancellationToken)
    {
        logger.LogError("Giving up on job {JobId}: {Reason}", job.Id, reason);
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetServices<IJobHandler>().SingleOrDefault(h => h.Kind == job.Kind) is { } handler)
        {
            await handler.OnGaveUpAsync(job, reason, cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<JobQueue>().FinishAsync(job.Id, owner, JobStatus.Failed, reason, cancellationToken);
    }

    private Task<bool> RenewAsync(Guid jobId, string owner, CancellationToken cancellationToken) =>
        InScopeAsync(queue => queue.HeartbeatAsync(jobId, owner, cancellationToken));

    private async Task<T> InScopeAsync<T>(Func<JobQueue, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JobQueue>());
    }

    /// <summary>Renews the lease until the job ends; a failed renewal (another worker has the job) cancels the job.</summary>
    private async Task HeartbeatAsync(Guid jobId, JobLease lease, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.HeartbeatInterval, time, token);
                if (!await lease.RenewAsync(token))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A missed heartbeat is retried; the lease outlives a few.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Heartbeat for job {JobId} failed", jobId);
            }
        }
    }
}
