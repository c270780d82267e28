using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using DevBot.Users;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Jobs;

public sealed class JobQueueTests
{
    [Fact]
    public async Task One_users_ten_queued_builds_never_starve_another_users_first()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var carol = await host.CreateUserAsync("carol");
        var aliceJobs = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            aliceJobs.Add((await SubmitAsync(host, alice.Id)).Job.Id);
        }

        var bobFirst = await SubmitAsync(host, bob.Id);
        bobFirst.QueuePosition.ShouldBe(2, "behind alice's first, ahead of her other nine");
        var carolFirst = await SubmitAsync(host, carol.Id);
        carolFirst.QueuePosition.ShouldBe(3);

        var claimed = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            claimed.Add((await ClaimAsync(host, $"worker-{i}"))!.Id);
        }

        claimed.ShouldBe([aliceJobs[0], bobFirst.Job.Id, carolFirst.Job.Id, aliceJobs[1]]);
    }

    [Fact]
    public async Task A_user_with_a_build_running_waits_behind_other_users_waiting_builds()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var aliceFirst = await SubmitAsync(host, alice.Id);
        (await ClaimAsync(host, "w1"))!.Id.ShouldBe(aliceFirst.Job.Id);

        var aliceSecond = await SubmitAsync(host, alice.Id);
        var bobFirst = await SubmitAsync(host, bob.Id);
        bobFirst.QueuePosition.ShouldBe(1);

        (await ClaimAsync(host, "w2"))!.Id.ShouldBe(bobFirst.Job.Id);
        (await ClaimAsync(host, "w3"))!.Id.ShouldBe(aliceSecond.Job.Id);
        (await ClaimAsync(host, "w4")).ShouldBeNull();
    }

    [Fact]
    public async Task A_job_whose_lease_expired_is_claimed_again_and_the_old_owner_can_no_longer_renew_or_finish_it()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false,
            settings: new Dictionary<string, string?> { ["JOB_LEASE_SECONDS"] = "30" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var alice = await host.CreateUserAsync();
        var submitted = await SubmitAsync(host, alice.Id);

        var first = await ClaimAsync(host, "dead-worker");
        first!.Id.ShouldBe(submitted.Job.Id);
        (await ClaimAsync(host, "other")).ShouldBeNull("the lease is still valid");

        clock.Advance(TimeSpan.FromSeconds(29));
        (await WithQueueAsync(host, q => q.HeartbeatAsync(first.Id, "dead-worker", CancellationToken.None))).ShouldBeTrue();
        clock.Advance(TimeSpan.FromSeconds(29));
        (await ClaimAsync(host, "other")).ShouldBeNull("the heartbeat renewed the lease");

        clock.Advance(TimeSpan.FromSeconds(31));
        var second = await ClaimAsync(host, "rescuer");
        second!.Id.ShouldBe(first.Id);
        second.Attempts.ShouldBe(2);
        (await WithQueueAsync(host, q => q.HeartbeatAsync(first.Id, "dead-worker", CancellationToken.None))).ShouldBeFalse();
        (await WithQueueAsync(host, q => q.FinishAsync(first.Id, "dead-worker", JobStatus.Succeeded, null, CancellationToken.None))).ShouldBe(0);
        (await WithQueueAsync(host, q => q.FinishAsync(first.Id, "rescuer", JobStatus.Succeeded, null, CancellationToken.None))).ShouldBe(1);
    }

    [Fact]
    public async Task A_released_job_waits_for_its_retry_time_before_it_can_be_claimed()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false, services: s => s.AddSingleton<TimeProvider>(clock));
        var alice = await host.CreateUserAsync();
        var submitted = await SubmitAsync(host, alice.Id);
        var job = await ClaimAsync(host, "w");
        await WithQueueAsync(host, q => q.ReleaseAsync(job!.Id, "w", TimeSpan.FromSeconds(60), "429", CancellationToken.None));

        (await ClaimAsync(host, "w")).ShouldBeNull();
        clock.Advance(TimeSpan.FromSeconds(61));
        (await ClaimAsync(host, "w"))!.Id.ShouldBe(submitted.Job.Id);
    }

    private static async Task<SubmittedProject> SubmitAsync(DevBotTestHost host, Guid userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ProjectService>().SubmitAsync(userId, "A todo app", null, null, Actor.CommandLine, CancellationToken.None);
        return outcome.ShouldBeOfType<SubmittedProject>();
    }

    private static Task<Job?> ClaimAsync(DevBotTestHost host, string owner) =>
        WithQueueAsync(host, q => q.TryClaimAsync(owner, CancellationToken.None));

    private static async Task<T> WithQueueAsync<T>(DevBotTestHost host, Func<JobQueue, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JobQueue>());
    }
}
