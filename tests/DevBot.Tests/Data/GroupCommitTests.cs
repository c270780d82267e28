using System.Data.Common;
using DevBot.Audit;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Users;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Data;

/// <summary>
/// The group commit's promises on both databases: writes that wait while a batch runs share the next transaction;
/// one failing write fails alone and stores nothing, the others commit once; a caller that gave up before its
/// batch began stores nothing. Batches are made deterministic by holding every lane inside a write (<see cref="HoldLanesAsync"/>).
/// </summary>
public abstract class GroupCommitTests
{
    protected abstract Task<string?> NewDatabaseUrlAsync();

    protected async Task<DevBotTestHost> StartHostAsync() =>
        await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", await NewDatabaseUrlAsync(), runWorkers: false);

    [Fact]
    public async Task Writes_that_wait_while_a_batch_runs_are_committed_together_in_the_next_transaction()
    {
        await using var host = await StartHostAsync();
        var groupCommit = host.Services.GetRequiredService<GroupCommit>();
        await using var held = await HoldLanesAsync(groupCommit);

        var seen = new List<(bool HoldsOthers, DbTransaction? Transaction)>();
        var writes = Enumerable.Range(0, 5).Select(i => groupCommit.RunAsync(async (transaction, ct) =>
        {
            seen.Add((transaction.HoldsOthers, transaction.Connection.Transaction));
            await InsertAuditAsync(transaction, $"test.batched.{i}", ct);
            return BatchStep<int>.Done(i);
        }, CancellationToken.None)).ToList();
        await held.ReleaseOneAsync();

        (await Task.WhenAll(writes)).ShouldBe([0, 1, 2, 3, 4]);
        seen.Select(s => s.HoldsOthers).ShouldBe([false, true, true, true, true], "the first of the batch holds nothing of others'");
        seen.Select(s => s.Transaction).Distinct().Count().ShouldBe(1, "one transaction for the five writes");
        (await AuditActionsAsync(host, "test.batched.")).Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_write_that_fails_fails_alone_and_stores_nothing_while_the_submissions_of_its_batch_are_stored_once()
    {
        await using var host = await StartHostAsync();
        var alice = await host.CreateUserAsync();
        var groupCommit = host.Services.GetRequiredService<GroupCommit>();
        await using var held = await HoldLanesAsync(groupCommit);

        var first = SubmitAsync(host, alice.Id, "A command line temperature converter");
        var failing = groupCommit.RunAsync<int>(async (transaction, ct) =>
        {
            await InsertAuditAsync(transaction, "test.failing", ct);
            throw new InvalidOperationException("This write fails after it wrote.");
        }, CancellationToken.None);
        var second = SubmitAsync(host, alice.Id, "A tiny URL shortener");
        await held.ReleaseOneAsync();

        var failure = await Should.ThrowAsync<InvalidOperationException>(failing);
        failure.Message.ShouldBe("This write fails after it wrote.");
        var submitted = new[] { await first, await second }.Cast<SubmittedProject>().ToList();
        submitted.Select(s => s.QueuePosition).Order().ShouldBe([1, 2]);
        (await AuditActionsAsync(host, "test.failing")).ShouldBeEmpty("the failed write's row was rolled back");
        var projects = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<Project>().AsNoTracking()
            .Where(p => p.UserId == alice.Id).Select(p => p.Id).ToListAsync());
        projects.Order().ShouldBe(submitted.Select(s => s.Project.Id).Order(), "each submission stored once, though its batch ran twice");
        (await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<Job>().CountAsync(j => j.UserId == alice.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task A_write_whose_caller_gave_up_before_its_batch_began_is_dropped_and_stores_nothing()
    {
        await using var host = await StartHostAsync();
        var groupCommit = host.Services.GetRequiredService<GroupCommit>();
        await using var held = await HoldLanesAsync(groupCommit);

        using var gaveUp = new CancellationTokenSource();
        var dropped = groupCommit.RunAsync(async (transaction, ct) =>
        {
            await InsertAuditAsync(transaction, "test.dropped", ct);
            return BatchStep<int>.Done(1);
        }, gaveUp.Token);
        var kept = groupCommit.RunAsync(async (transaction, ct) =>
        {
            await InsertAuditAsync(transaction, "test.kept", ct);
            return BatchStep<int>.Done(2);
        }, CancellationToken.None);
        await gaveUp.CancelAsync();
        await held.ReleaseOneAsync();

        await Should.ThrowAsync<OperationCanceledException>(dropped);
        (await kept).ShouldBe(2);
        (await AuditActionsAsync(host, "test.dropped")).ShouldBeEmpty();
        (await AuditActionsAsync(host, "test.kept")).Count.ShouldBe(1);
    }

    /// <summary>
    /// Occupies every lane with a write that holds it until released, one lane at a time (each holder is running
    /// before the next is queued, so no lane takes two). Writes queued meanwhile wait together; releasing the first
    /// holder frees one lane, which takes them all as its next batch.
    /// </summary>
    protected static async Task<HeldLanes> HoldLanesAsync(GroupCommit groupCommit)
    {
        var held = new HeldLanes();
        for (var lane = 0; lane < groupCommit.Lanes; lane++)
        {
            var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            held.Holders.Add((groupCommit.RunAsync(async (_, _) =>
            {
                holding.SetResult();
                await release.Task;
                return BatchStep<int>.Done(0);
            }, CancellationToken.None), release));
            await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        return held;
    }

    protected sealed class HeldLanes : IAsyncDisposable
    {
        public List<(Task<int> Holder, TaskCompletionSource Release)> Holders { get; } = [];

        /// <summary>Frees one lane: it finishes its holder and takes the writes that wait as one batch.</summary>
        public async Task ReleaseOneAsync()
        {
            Holders[0].Release.TrySetResult();
            await Holders[0].Holder;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var (holder, release) in Holders)
            {
                release.TrySetResult();
                await holder;
            }
        }
    }

    protected static Task<SubmitOutcome> SubmitAsync(DevBotTestHost host, Guid userId, string description) =>
        host.InScopeAsync(s => s.GetRequiredService<ProjectService>().SubmitAsync(userId, description, null, null, Actor.Api(userId), CancellationToken.None));

    private static Task InsertAuditAsync(GroupTransaction transaction, string action, CancellationToken cancellationToken) =>
        RawSql.InsertThenScalarAsync(transaction.Connection, [new AuditEntry { Actor = "test", Action = action, Details = "{}", CreatedAt = DateTime.UtcNow }],
            "SELECT 1", _ => { }, cancellationToken);

    private static Task<List<string>> AuditActionsAsync(DevBotTestHost host, string prefix) =>
        host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action.StartsWith(prefix)).Select(a => a.Action).ToListAsync());
}

public sealed class SqliteGroupCommitTests : GroupCommitTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresGroupCommitTests(PostgresServer postgres) : GroupCommitTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();

    [Fact]
    public async Task A_batch_counts_its_queued_jobs_in_its_own_lanes_counter_shard_and_the_counts_stay_exact()
    {
        await using var host = await StartHostAsync();
        var alice = await host.CreateUserAsync("alice");
        var groupCommit = host.Services.GetRequiredService<GroupCommit>();
        await using (var held = await HoldLanesAsync(groupCommit))
        {
            var submissions = Enumerable.Range(0, 3).Select(i => SubmitAsync(host, alice.Id, $"A command line tool number {i}")).ToList();
            await held.ReleaseOneAsync();
            (await Task.WhenAll(submissions)).ShouldAllBe(s => s is SubmittedProject);
        }

        // Shards 0..63 are the random ones every other change uses; a lane's own is 64 + lane.
        var counts = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Database
            .SqlQueryRaw<ShardCount>("SELECT shard AS \"Shard\", jobs AS \"Jobs\" FROM queue_counts WHERE jobs <> 0").ToListAsync());
        counts.Sum(c => c.Jobs).ShouldBe(3);
        counts.ShouldAllBe(c => c.Shard >= 64 && c.Shard < 64 + GroupCommit.PostgresLanes, "every job was counted in a lane's shard");
    }

    private sealed record ShardCount(short Shard, int Jobs);

    [Fact]
    public async Task A_submission_whose_user_is_locked_elsewhere_does_not_hold_up_its_batch_and_runs_alone_once_the_lock_is_free()
    {
        await using var host = await StartHostAsync();
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        var groupCommit = host.Services.GetRequiredService<GroupCommit>();

        // Another transaction holds Bob's queue, as a claim or a cancellation of his would.
        await using var scope = host.Services.CreateAsyncScope();
        var other = await DirectConnection.BeginAsync(scope.ServiceProvider.GetRequiredService<DevBotDbContext>(), CancellationToken.None);
        await using (other)
        {
            (await QueueLocks.LockUserAsync(other, bob.Id, wait: true, CancellationToken.None)).ShouldBeTrue();
            await using var held = await HoldLanesAsync(groupCommit);
            var alices = SubmitAsync(host, alice.Id, "A command line temperature converter");
            var bobs = SubmitAsync(host, bob.Id, "A tiny URL shortener");
            await held.ReleaseOneAsync();

            (await alices.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeOfType<SubmittedProject>("Alice's submission did not wait for Bob's lock");
            bobs.IsCompleted.ShouldBeFalse("Bob's submission waits for his queue, alone, after the batch");
            await other.CommitAsync(CancellationToken.None);
            (await bobs.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeOfType<SubmittedProject>();
        }

        (await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<Project>().CountAsync(p => p.UserId == bob.Id))).ShouldBe(1);
    }
}
