using DevBot.Data;
using DevBot.Observability;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Jobs;

/// <summary>The queue as <c>/metrics</c> shows it: jobs by status and how long the longest-waiting job has waited (all processes sharing the database).</summary>
internal sealed class JobsGauges(JobQueue queue, DevBotDbContext db, TimeProvider time) : IScrapedGauges
{
    public async Task<IReadOnlyList<GaugeFamily>> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var counts = await queue.CountsByStatusAsync(cancellationToken);
        var oldestWaiting = await db.Set<Job>().AsNoTracking()
            .Where(j => j.Status == JobStatus.Queued && j.RunAfter <= now)
            .OrderBy(j => j.CreatedAt)
            .Select(j => (DateTime?)j.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

        return
        [
            new GaugeFamily("devbot_jobs", "Jobs in the queue, by status (all processes sharing the database).",
                [.. Enum.GetValues<JobStatus>().Select(s => GaugeSample.Of(counts.GetValueOrDefault(s), new MetricLabel("status", MetricLabel.ValueOf(s))))]),
            new GaugeFamily("devbot_jobs_oldest_queued_seconds", "How long the job waiting longest for a worker has waited (0 when none waits).",
                [GaugeSample.Of(oldestWaiting is { } created ? Math.Max(0, (now - created).TotalSeconds) : 0)]),
        ];
    }
}
