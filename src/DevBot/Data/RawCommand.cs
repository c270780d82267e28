using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Data;

/// <summary>
/// A plain command on a <see cref="DirectConnection"/> (see <see cref="RawSql"/>). On a connection that keeps its
/// statements prepared (<see cref="StatementCache"/>) the command is borrowed from the cache and handed back on
/// dispose, so its SQL is parsed once per connection instead of once per use; otherwise dispose disposes it.
/// </summary>
internal sealed class RawCommand : IAsyncDisposable
{
    private readonly DirectConnection _connection;
    private readonly bool _borrowed;

    internal RawCommand(DirectConnection connection, DbCommand command, bool borrowed)
    {
        _connection = connection;
        Command = command;
        _borrowed = borrowed;
    }

    public DbCommand Command { get; }

    /// <summary>Adds a parameter bound the way the entity's property is stored.</summary>
    public RawCommand Bind<TEntity>(string name, Expression<Func<TEntity, object?>> property, object? value)
    {
        var member = property.Body is UnaryExpression { Operand: MemberExpression converted } ? converted : (MemberExpression)property.Body;
        var mapping = _connection.Model.FindEntityType(typeof(TEntity))!.FindProperty(member.Member.Name)!.GetRelationalTypeMapping();
        Command.Parameters.Add(mapping.CreateParameter(Command, name, value));
        return this;
    }

    /// <summary>Adds a plain parameter (numbers, strings).</summary>
    public RawCommand Bind(string name, object value)
    {
        var parameter = Command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        Command.Parameters.Add(parameter);
        return this;
    }

    public async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        return await Command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DbDataReader> ExecuteReaderAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        return await Command.ExecuteReaderAsync(cancellationToken);
    }

    public async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        return await Command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// On PostgreSQL the hot path's statements are prepared on the server: Npgsql keeps a physical connection's
    /// prepared statements across pool uses, so after a connection's first use of a text the server skips parsing
    /// and planning it (the submission's five inserts fire the queue-counter trigger each time). Preparing a text
    /// the connection already has costs no round trip. SQLite keeps statements prepared by itself (see
    /// <see cref="StatementCache"/>).
    /// </summary>
    private Task PrepareAsync(CancellationToken cancellationToken) =>
        _connection.IsPostgres ? Command.PrepareAsync(cancellationToken) : Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (_borrowed)
        {
            // The prepared statements stay with the command; only this use's values go.
            Command.Parameters.Clear();
            return ValueTask.CompletedTask;
        }

        return Command.DisposeAsync();
    }
}
