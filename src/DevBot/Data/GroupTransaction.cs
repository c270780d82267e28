namespace DevBot.Data;

/// <summary>The write transaction a <see cref="GroupCommit"/> write runs in, shared with the other writes of its batch.</summary>
public sealed class GroupTransaction
{
    internal GroupTransaction(DirectConnection connection, bool holdsOthers, int lane)
    {
        Connection = connection;
        HoldsOthers = holdsOthers;
        Lane = lane;
    }

    public DirectConnection Connection { get; }

    /// <summary>
    /// Which of the group commit's lanes runs this transaction (0 on SQLite, 0..<see cref="GroupCommit.PostgresLanes"/>-1
    /// on PostgreSQL). Lanes run their batches side by side; a write that updates shared counter rows can give each
    /// lane rows of its own, so two batches never wait for each other's rows.
    /// </summary>
    public int Lane { get; }

    /// <summary>
    /// True when other writes already ran in this transaction, so it holds whatever locks they took. A write must not
    /// then wait for a lock (two batches, or a batch and another change, could end up waiting for each other): it
    /// tries the lock and, when it is taken, answers <see cref="BatchStep{T}.RunAlone"/> before writing anything.
    /// </summary>
    public bool HoldsOthers { get; }
}

/// <summary>What a write in a <see cref="GroupCommit"/> batch did: its result, or nothing yet because it must run alone.</summary>
public readonly record struct BatchStep<T>
{
    private BatchStep(T? value, bool runsAlone)
    {
        Value = value;
        RunsAlone = runsAlone;
    }

    public T? Value { get; }

    /// <summary>The write changed nothing and asks to run in a transaction of its own after this batch commits.</summary>
    public bool RunsAlone { get; }

    public static BatchStep<T> RunAlone => new(default, runsAlone: true);

    public static BatchStep<T> Done(T value) => new(value, runsAlone: false);
}
