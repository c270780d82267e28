using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Jobs;

/// <summary>
/// The stored queue order (per-job keys renumbered on every change, counters kept by triggers) against
/// <see cref="FairOrderOracle"/>, over random sequences of submissions, claims, finishes, retries, pauses,
/// cancellations, heartbeats and expired leases, on both databases. After every step, every position, every stored
/// key and every counter must be what the rule says, and every claim must take the job the rule picks.
/// </summary>
public sealed class QueueOrderTests(PostgresServer postgres)
{
    private const int Limit = 4;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Stored_order_positions_and_counters_follow_the_fairness_rule_through_random_operations_on_sqlite(int seed) =>
        RunAsync(seed, databaseUrl: null);

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Stored_order_positions_and_counters_follow_the_fairness_rule_through_random_operations_on_postgres(int seed) =>
        await RunAsync(seed, await postgres.CreateDatabaseAsync());

    private static async Task RunAsync(int seed, string? databaseUrl)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", databaseUrl, runWorkers: false,
            settings: new Dictionary<string, string?> { ["MAX_QUEUED_BUILDS_PER_USER"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), ["JOB_LEASE_SECONDS"] = "30" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var users = new List<Guid>();
        foreach (var name in new[] { "ann", "ben", "cat", "dan", "eve" })
        {
            users.Add((await host.CreateUserAsync(name)).Id);
        }

        var random = new Random(seed);
        var claims = 0;
        for (var step = 0; step < 160; step++)
        {
            var jobs = await JobsAsync(host);
            var now = clock.GetUtcNow().UtcDateTime;
            var running = jobs.Where(j => j.Status == JobStatus.Running).ToList();
            var roll = random.Next(100);
            if (roll < 40)
            {
                var userId = users[random.Next(users.Count)];
                var queuedBefore = jobs.Count(j => j.UserId == userId && j.Status == JobStatus.Queued);
                var outcome = await ServiceAsync<ProjectService, SubmitOutcome>(host, s => s.SubmitAsync(userId, $"Build {step}", null, null, Actor.CommandLine, CancellationToken.None));
                if (queuedBefore >= Limit)
                {
                    outcome.ShouldBeOfType<QueueLimitReached>().Queued.ShouldBe(queuedBefore);
                }
                else
                {
                    var submitted = outcome.ShouldBeOfType<SubmittedProject>();
                    var expected = FairOrderOracle.Positions(await JobsAsync(host), now)[submitted.Job.Id];
                    submitted.QueuePosition.ShouldBe(expected, $"step {step}: the position answered at submission");
                }
            }
            else if (roll < 62)
            {
                var expected = FairOrderOracle.Next(jobs, now);
                var claimed = await ServiceAsync<JobQueue, Job?>(host, q => q.TryClaimAsync($"w{claims++}", CancellationToken.None));
                ((Guid?)claimed?.Id).ShouldBe(expected, $"step {step}: the claim");
            }
            else if (roll < 74 && running.Count > 0)
            {
                var job = running[random.Next(running.Count)];
                var outcome = random.Next(3);
                await ServiceAsync<JobQueue, int>(host, q => outcome == 1
                    ? q.PauseAsync(job.Id, job.LeaseOwner!, CancellationToken.None)
                    : q.FinishAsync(job.Id, job.LeaseOwner!, outcome == 0 ? JobStatus.Failed : JobStatus.Succeeded, null, CancellationToken.None));
            }
            else if (roll < 80 && running.Count > 0)
            {
                var job = running[random.Next(running.Count)];
                var delay = TimeSpan.FromSeconds(random.Next(2) * 5);
                await ServiceAsync<JobQueue, int>(host, q => q.ReleaseAsync(job.Id, job.LeaseOwner!, delay, "retry", CancellationToken.None));
            }
            else if (roll < 85 && jobs.FirstOrDefault(j => j.Status == JobStatus.Paused) is { } paused)
            {
                await ServiceAsync<JobQueue, bool>(host, q => q.ResumePausedAsync(paused.ProjectId, CancellationToken.None));
            }
            else if (roll < 91 && jobs.Where(j => j.Status == JobStatus.Queued).ToList() is { Count: > 0 } queued)
            {
                var job = queued[random.Next(queued.Count)];
                await ServiceAsync<ProjectService, CancelResult>(host, s => s.CancelAsync(job.UserId, job.ProjectId, Actor.CommandLine, CancellationToken.None));
            }
            else if (roll < 95 && running.Count > 0)
            {
                var job = running[random.Next(running.Count)];
                await ServiceAsync<JobQueue, bool>(host, q => q.HeartbeatAsync(job.Id, job.LeaseOwner!, CancellationToken.None));
            }
            else
            {
                // Time passes: leases run out (workers died) and delayed retries come due; the next claim sorts it out.
                clock.Advance(TimeSpan.FromSeconds(random.Next(2) == 0 ? 31 : 6));
                now = clock.GetUtcNow().UtcDateTime;
                var expected = FairOrderOracle.Next(await JobsAsync(host), now);
                var claimed = await ServiceAsync<JobQueue, Job?>(host, q => q.TryClaimAsync($"w{claims++}", CancellationToken.None));
                ((Guid?)claimed?.Id).ShouldBe(expected, $"step {step}: the claim after time passed");
            }

            // Ties in creation time happen (a clock step of 0), and must be ordered the same everywhere.
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(2)));
            await ShouldMatchTheRuleAsync(host, clock.GetUtcNow().UtcDateTime, step);
        }

        claims.ShouldBeGreaterThan(20);
    }

    private static async Task ShouldMatchTheRuleAsync(DevBotTestHost host, DateTime now, int step)
    {
        var jobs = await JobsAsync(host);
        var keys = FairOrderOracle.QueuedKeys(jobs, now);
        var positions = FairOrderOracle.Positions(jobs, now);
        foreach (var job in jobs.Where(j => j.Status == JobStatus.Queued))
        {
            (job.QueueLevel, job.QueueRank).ShouldBe((keys[job.Id].Level, keys[job.Id].Rank), $"step {step}: the stored keys of job {job.Id}");
            var position = await ServiceAsync<ProjectService, int?>(host, s => s.QueuePositionAsync(job.ProjectId, CancellationToken.None));
            position.ShouldBe(positions[job.Id], $"step {step}: the position of job {job.Id}");
        }

        var counted = await ServiceAsync<DevBotDbContext, List<(int, int, long)>>(host, async db =>
            (await db.Database.SqlQueryRaw<BucketCount>("SELECT queue_level AS \"Level\", queue_rank AS \"Rank\", SUM(jobs) AS \"Jobs\" FROM queue_counts GROUP BY queue_level, queue_rank").ToListAsync())
            .Where(b => b.Jobs != 0).Select(b => (b.Level, b.Rank, b.Jobs)).OrderBy(b => b).ToList());
        var actual = jobs.Where(j => j.Status == JobStatus.Queued).GroupBy(j => (j.QueueLevel, j.QueueRank))
            .Select(g => (g.Key.QueueLevel, g.Key.QueueRank, (long)g.Count())).OrderBy(b => b).ToList();
        counted.ShouldBe(actual, $"step {step}: the counters");
    }

    private sealed record BucketCount(int Level, int Rank, long Jobs);

    private static Task<List<Job>> JobsAsync(DevBotTestHost host) =>
        ServiceAsync<DevBotDbContext, List<Job>>(host, db => db.Set<Job>().AsNoTracking().ToListAsync());

    private static async Task<TResult> ServiceAsync<TService, TResult>(DevBotTestHost host, Func<TService, Task<TResult>> action)
        where TService : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
