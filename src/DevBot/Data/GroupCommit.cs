using System.Threading.Channels;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DevBot.Data;

/// <summary>
/// Group commit for short writes that many requests make at once (a submission): the writes waiting when a batch
/// starts run one after another in one transaction on one connection, and are committed together.
/// <para>
/// Why: measured on the accept path, a submission's own SQL is a small part of its cost. Each one opened a pooled
/// connection, waited for SQLite's single write lock (or paid PostgreSQL's commit), parsed its statements again (with
/// the queue's counter triggers compiled into each insert), and on SQLite re-read the pages other connections had just
/// written. Batched, one long-lived connection keeps its statements prepared and its page cache warm, and one commit
/// serves the batch. Nothing waits to form a batch: a lone write starts at once; under load, the writes that arrived
/// while the previous batch ran make the next one.
/// </para>
/// <para>
/// Guarantees. A write's task completes after its transaction committed, with the write's result; or fails with the
/// write's own exception, its transaction rolled back (nothing of it stored). A write that throws takes its batch's
/// transaction down with it, so every write of that batch then runs again, each alone in a transaction of its own:
/// one bad write never fails the others. Writes must therefore be safe to run again (they read what they decide
/// on inside the transaction), and must not keep state from an attempt that was rolled back. If the commit itself
/// fails, the outcome is unknown (the database may have committed), so the batch's writes fail with that error and
/// are not run again — as a lone transaction's caller would see it. A write still waiting when its caller's token is
/// cancelled is dropped; once its batch has begun, it completes (as a request cancelled after its commit does).
/// On SQLite one batch runs at a time per process; on PostgreSQL <see cref="PostgresLanes"/> batches run side by
/// side, and a write of a batch that would wait for a lock runs alone after it (<see cref="GroupTransaction.HoldsOthers"/>):
/// a batch never waits for a lock while it holds others' (and the queue counters it updates are its lane's own, see
/// migration 0800), so batches cannot deadlock with each other or with the queue's other changes.
/// </para>
/// </summary>
public sealed class GroupCommit : IAsyncDisposable, IDisposable
{
    /// <summary>The most writes in one transaction: enough to serve hundreds of concurrent requests, short enough to hold locks briefly.</summary>
    internal const int MaxBatch = 128;

    /// <summary>
    /// Batches run side by side on PostgreSQL, each lane on its own connection: a batch's statements wait for the
    /// server's answers, so one lane alone left both the server and DevBot idle most of the time (one lane: 0.23× the
    /// floor in the accept benchmark; with 200 connections four lanes accepted 710/s and eight 1,108/s, when the
    /// server's CPU became the limit). On SQLite one lane: the file has one writer.
    /// </summary>
    public const int PostgresLanes = 8;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly ResolvedDatabase _database;
    private readonly DatabaseMetrics _metrics;
    private readonly ILogger<GroupCommit> _logger;
    private readonly Lock _startLock = new();
    private Task[]? _lanes;
    private int _disposed;
    private IModel? _model;
    private StatementCache? _sqlite;

    internal GroupCommit(IServiceScopeFactory scopes, ResolvedDatabase database, DatabaseMetrics metrics, ILogger<GroupCommit> logger)
    {
        _scopes = scopes;
        _database = database;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>How many batches may run at once.</summary>
    internal int Lanes => _database.Provider == DatabaseProvider.Postgres ? PostgresLanes : 1;

    /// <summary>Runs the write in the next batch's transaction and answers its result once that transaction has committed.</summary>
    public async Task<T> RunAsync<T>(Func<GroupTransaction, CancellationToken, Task<BatchStep<T>>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write, cancellationToken);
        EnsureStarted();
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new OperationCanceledException("DevBot is shutting down.");
        }

        return await pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _pending.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_lanes is not null)
        {
            await Task.WhenAll(_lanes);
        }

        while (_pending.Reader.TryRead(out var left))
        {
            left.Cancel();
        }

        ForgetSqliteConnection();
        _stopping.Dispose();
    }

    /// <summary>For a container disposed synchronously: the same as <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void EnsureStarted()
    {
        if (_lanes is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _lanes ??= Enumerable.Range(0, Lanes).Select(lane => Task.Run(() => LoopAsync(lane, _stopping.Token))).ToArray();
        }
    }

    private async Task LoopAsync(int lane, CancellationToken stopping)
    {
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
                {
                    if (pending.CallerGaveUp)
                    {
                        pending.Cancel();
                    }
                    else
                    {
                        batch.Add(pending);
                    }
                }

                if (batch.Count > 0)
                {
                    await RunBatchAsync(batch, lane, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            foreach (var pending in batch)
            {
                pending.Cancel();
            }
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch, int lane, CancellationToken stopping)
    {
        var committed = new List<PendingWrite>(batch.Count); // ran in the batch's transaction; committed with it
        var alone = new List<PendingWrite>();
        var committing = false;
        try
        {
            await using (var transaction = await BeginAsync(stopping))
            {
                foreach (var pending in batch)
                {
                    var ran = await pending.RunAsync(new GroupTransaction(transaction.Connection, holdsOthers: committed.Count > 0, lane), stopping);
                    (ran ? committed : alone).Add(pending);
                }

                committing = true;
                await transaction.Connection.CommitAsync(stopping);
            }

            if (committed.Count > 0)
            {
                _metrics.GroupCommitted(committed.Count);
            }

            foreach (var pending in committed)
            {
                pending.Complete();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A batch's failure is handed to its writes' callers, never lost and never fatal to the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ForgetSqliteConnection();
            if (committing)
            {
                // The database may have committed: running the writes again could store them twice.
                foreach (var pending in committed)
                {
                    pending.Fail(ex);
                }
            }
            else
            {
                _logger.LogDebug(ex, "A batch of {Count} writes was rolled back; each runs again alone", batch.Count);
                alone = batch;
            }
        }

        foreach (var pending in alone)
        {
            await RunAloneAsync(pending, lane, stopping);
        }
    }

    private async Task RunAloneAsync(PendingWrite pending, int lane, CancellationToken stopping)
    {
        var committing = false;
        try
        {
            await using var transaction = await BeginAsync(stopping);
            if (!await pending.RunAsync(new GroupTransaction(transaction.Connection, holdsOthers: false, lane), stopping))
            {
                throw new InvalidOperationException("A write asked to run alone while it was alone; it may only do so when other writes share its transaction.");
            }

            committing = true;
            await transaction.Connection.CommitAsync(stopping);
            _metrics.GroupCommitted(1);
            pending.Complete();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The write's own failure goes to its caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!committing)
            {
                ForgetSqliteConnection();
            }

            pending.Fail(ex);
        }
    }

    /// <summary>A write transaction: on SQLite on the long-lived connection, on PostgreSQL on a pooled one.</summary>
    private async Task<BatchConnection> BeginAsync(CancellationToken cancellationToken)
    {
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            var scope = _scopes.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
                return new BatchConnection(await DirectConnection.BeginAsync(db, cancellationToken), scope);
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        }

        if (_sqlite is null)
        {
            await using (var scope = _scopes.CreateAsyncScope())
            {
                _model ??= scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Model;
            }

            // Kept for this lane's life rather than handed back: its statements and page cache serve every batch.
            _sqlite = await SqlitePreparedConnections.RentAsync(_database.ConnectionString, cancellationToken);
        }

        return new BatchConnection(await DirectConnection.BeginOnAsync(_sqlite, _model!, postgres: false, cancellationToken), null);
    }

    /// <summary>After a failure the long-lived connection is opened afresh: it may be what failed.</summary>
    private void ForgetSqliteConnection()
    {
        if (_sqlite is { } sqlite)
        {
            _sqlite = null;
            SqlitePreparedConnections.Close(sqlite);
        }
    }

    private sealed class BatchConnection(DirectConnection connection, AsyncServiceScope? scope) : IAsyncDisposable
    {
        public DirectConnection Connection { get; } = connection;

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            if (scope is { } owned)
            {
                await owned.DisposeAsync();
            }
        }
    }

    private abstract class PendingWrite
    {
        public abstract bool CallerGaveUp { get; }

        /// <summary>Runs the write; false when it changed nothing and must run alone.</summary>
        public abstract Task<bool> RunAsync(GroupTransaction transaction, CancellationToken cancellationToken);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class PendingWrite<T>(Func<GroupTransaction, CancellationToken, Task<BatchStep<T>>> write, CancellationToken callerToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _outcome.Task;

        public override bool CallerGaveUp => callerToken.IsCancellationRequested;

        public override async Task<bool> RunAsync(GroupTransaction transaction, CancellationToken cancellationToken)
        {
            var step = await write(transaction, cancellationToken);
            _result = step.Value;
            return !step.RunsAlone;
        }

        public override void Complete() => _outcome.TrySetResult(_result!);

        public override void Fail(Exception exception) => _outcome.TrySetException(exception);

        public override void Cancel() => _outcome.TrySetCanceled(callerToken.IsCancellationRequested ? callerToken : CancellationToken.None);
    }
}
