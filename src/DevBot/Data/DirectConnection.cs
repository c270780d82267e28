using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DevBot.Data;

/// <summary>
/// A connection for a short unit of work on a hot path (a request's key check, a submission), used with plain
/// commands (<see cref="RawSql"/>). Measured here, the work such a request does costs less than EF's own overhead
/// around it: an EF-opened query took about 1.5 ms of CPU against 0.06 ms for the same query on an open connection,
/// and every open of EF's SQLite connection object registers EF's SQL functions again (about 0.5 ms). So on SQLite
/// this takes an open connection of its own whose statements stay prepared (<see cref="SqlitePreparedConnections"/>);
/// on PostgreSQL it opens the context's connection itself (same pool, no EF bookkeeping). Inside a caller's EF
/// transaction (a Telegram update) it joins that transaction instead.
/// </summary>
public sealed class DirectConnection : IAsyncDisposable
{
    private readonly bool _ownsConnection;
    private readonly bool _ownsTransaction;
    private IDisposable? _writeTurn;
    private (string ConnectionString, StatementCache Statements)? _rented;
    private bool _committed;

    private DirectConnection(DbConnection connection, DbTransaction? transaction, bool postgres, IModel model, bool ownsConnection, bool ownsTransaction)
    {
        Connection = connection;
        Transaction = transaction;
        IsPostgres = postgres;
        Model = model;
        _ownsConnection = ownsConnection;
        _ownsTransaction = ownsTransaction;
    }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; }

    public bool IsPostgres { get; }

    /// <summary>The EF model, whose type mappings bind values exactly as SaveChanges stores them.</summary>
    public IModel Model { get; }

    /// <summary>The prepared commands of a long-lived connection (<see cref="BeginOnAsync"/>); null on a borrowed one.</summary>
    internal StatementCache? Statements { get; private init; }

    /// <summary>A connection for reads (no transaction of its own).</summary>
    public static Task<DirectConnection> OpenAsync(DevBotDbContext db, CancellationToken cancellationToken) =>
        StartAsync(db, beginTransaction: false, cancellationToken);

    /// <summary>
    /// A write transaction: the caller's EF transaction when there is one (the caller commits it), else one of its own
    /// (on SQLite BEGIN IMMEDIATE, so what it reads stays true until it commits).
    /// </summary>
    public static Task<DirectConnection> BeginAsync(DevBotDbContext db, CancellationToken cancellationToken) =>
        StartAsync(db, beginTransaction: true, cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_ownsTransaction)
        {
            await Transaction!.CommitAsync(cancellationToken);
            _writeTurn?.Dispose(); // the next writer may begin while this one tidies up
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        var handBack = true;
        try
        {
            if (_ownsTransaction)
            {
                if (!_committed)
                {
                    await Transaction!.RollbackAsync();
                }

                await Transaction!.DisposeAsync();
            }
        }
        catch
        {
            handBack = false; // a connection whose transaction would not end is not lent again
            throw;
        }
        finally
        {
            _writeTurn?.Dispose();
            if (_rented is { } rented)
            {
                if (handBack)
                {
                    SqlitePreparedConnections.Return(rented.ConnectionString, rented.Statements);
                }
                else
                {
                    SqlitePreparedConnections.Close(rented.Statements);
                }
            }
            else if (_ownsConnection)
            {
                await Connection.CloseAsync();
                if (!IsPostgres)
                {
                    await Connection.DisposeAsync();
                }
            }
        }
    }

    /// <summary>
    /// A write transaction on a connection its caller keeps open between transactions (<see cref="GroupCommit"/>),
    /// whose commands stay prepared in <paramref name="statements"/>. Disposing it ends the transaction, not the connection.
    /// </summary>
    internal static async Task<DirectConnection> BeginOnAsync(StatementCache statements, IModel model, bool postgres, CancellationToken cancellationToken)
    {
        var (transaction, writeTurn) = await BeginTransactionAsync(statements.Connection, cancellationToken);
        return new DirectConnection(statements.Connection, transaction, postgres, model, ownsConnection: false, ownsTransaction: true)
        {
            _writeTurn = writeTurn,
            Statements = statements,
        };
    }

    // On SQLite the process's writers queue for their turn first (SqliteWriteGate), then BEGIN IMMEDIATE.
    private static async Task<(DbTransaction Transaction, IDisposable? WriteTurn)> BeginTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return (await connection.BeginTransactionAsync(cancellationToken), null);
        }

        var writeTurn = await SqliteWriteGate.EnterAsync(sqlite, cancellationToken);
        try
        {
            return (sqlite.BeginTransaction(deferred: false), writeTurn);
        }
        catch
        {
            writeTurn.Dispose();
            throw;
        }
    }

    private static async Task<DirectConnection> StartAsync(DevBotDbContext db, bool beginTransaction, CancellationToken cancellationToken)
    {
        var postgres = db.IsPostgres;
        if (db.Database.CurrentTransaction is { } joined)
        {
            return new DirectConnection(db.Database.GetDbConnection(), joined.GetDbTransaction(), postgres, db.Model, ownsConnection: false, ownsTransaction: false);
        }

        var existing = db.Database.GetDbConnection();
        if (existing.State == ConnectionState.Open || postgres)
        {
            var owns = existing.State != ConnectionState.Open;
            if (owns)
            {
                await existing.OpenAsync(cancellationToken);
            }

            try
            {
                var (transaction, writeTurn) = beginTransaction ? await BeginTransactionAsync(existing, cancellationToken) : default;
                return new DirectConnection(existing, transaction, postgres, db.Model, owns, beginTransaction) { _writeTurn = writeTurn };
            }
            catch when (owns)
            {
                await existing.CloseAsync();
                throw;
            }
        }

        // SQLite: a connection of our own, its statements kept prepared between uses.
        var connectionString = db.Database.GetConnectionString()!;
        var statements = await SqlitePreparedConnections.RentAsync(connectionString, cancellationToken);
        try
        {
            var (transaction, writeTurn) = beginTransaction ? await BeginTransactionAsync(statements.Connection, cancellationToken) : default;
            return new DirectConnection(statements.Connection, transaction, postgres, db.Model, ownsConnection: true, beginTransaction)
            {
                _writeTurn = writeTurn,
                Statements = statements,
                _rented = (connectionString, statements),
            };
        }
        catch
        {
            SqlitePreparedConnections.Close(statements);
            throw;
        }
    }
}
