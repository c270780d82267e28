using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DevBot.Data;

/// <summary>
/// Plain commands on a <see cref="DirectConnection"/>, for the few hot paths where EF's own per-query and
/// change-tracking work costs more than the rows. Values are bound
/// through EF's type mappings of the model's properties, so they are stored exactly as SaveChanges stores them
/// (snake_case enums, GUIDs as text on SQLite, UTC times, decimals as text on SQLite).
/// </summary>
internal static class RawSql
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, InsertShape> Shapes = new();

    /// <summary>
    /// A command on the connection, in its transaction when there is one: borrowed from the connection's
    /// <see cref="StatementCache"/> when it keeps one (its statements stay prepared), else a new one.
    /// </summary>
    public static RawCommand Command(DirectConnection connection, string sql)
    {
        if (connection.Statements is { } statements)
        {
            return new RawCommand(connection, statements.Borrow(sql, connection.Transaction), borrowed: true);
        }

        var command = connection.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = connection.Transaction;
        return new RawCommand(connection, command, borrowed: false);
    }

    /// <summary>
    /// Inserts the entities in the order given (database-generated keys left to the database), then runs one query (its
    /// parameters bound by <paramref name="bindQuery"/>): the value of its first row's first column. On PostgreSQL
    /// all of it is one command, one round trip. SQLite runs in the process, so there is no round trip to save, and
    /// each row is its own command: Microsoft.Data.Sqlite looks every parameter of a command up by name in every one
    /// of its statements, which for five inserts in one command was most of the binding's cost (perf, accept path).
    /// </summary>
    public static async Task<object?> InsertThenScalarAsync(DirectConnection connection, IReadOnlyList<object> entities, string query, Action<RawCommand> bindQuery, CancellationToken cancellationToken)
    {
        if (!connection.IsPostgres)
        {
            foreach (var entity in entities)
            {
                await using var insert = InsertCommand(connection, [entity], query: string.Empty);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var scalar = Command(connection, query);
            bindQuery(scalar);
            return await scalar.ExecuteScalarAsync(cancellationToken);
        }

        await using var command = InsertCommand(connection, entities, query);
        bindQuery(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        do
        {
            if (reader.FieldCount > 0 && await reader.ReadAsync(cancellationToken))
            {
                return reader.GetValue(0);
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return null;
    }

    // The text depends only on the entities' types, so rows of the same shapes reuse one prepared command.
    private static RawCommand InsertCommand(DirectConnection connection, IReadOnlyList<object> entities, string query)
    {
        var shapes = new InsertShape[entities.Count];
        var text = new System.Text.StringBuilder();
        for (var row = 0; row < entities.Count; row++)
        {
            shapes[row] = Shapes.GetOrAdd(connection.Model.FindEntityType(entities[row].GetType())!, InsertShape.Of);
            text.Append(shapes[row].Sql(row)).Append(";\n");
        }

        var command = Command(connection, text.Append(query).ToString());
        var parameters = command.Command.Parameters;
        for (var row = 0; row < entities.Count; row++)
        {
            var shape = shapes[row];
            for (var column = 0; column < shape.Properties.Count; column++)
            {
                var property = shape.Properties[column];
                parameters.Add(property.Mapping.CreateParameter(command.Command, shape.ParameterName(row, column), property.Getter.GetClrValueUsingContainingEntity(entities[row])));
            }
        }

        return command;
    }

    private sealed record ColumnProperty(string Column, RelationalTypeMapping Mapping, IClrPropertyGetter Getter);

    /// <summary>A table's insert, with its statement text and parameter names per row position made once.</summary>
    private sealed class InsertShape(string table, IReadOnlyList<ColumnProperty> properties)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (string Sql, string[] Names)> _rows = new();

        public IReadOnlyList<ColumnProperty> Properties { get; } = properties;

        public static InsertShape Of(IEntityType entity) => new(
            entity.GetTableName()!,
            entity.GetProperties()
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType != typeof(Guid)))
                .Select(p => new ColumnProperty(p.GetColumnName(), p.GetRelationalTypeMapping(), p.GetGetter()))
                .ToList());

        public string Sql(int row) => Row(row).Sql;

        public string ParameterName(int row, int column) => Row(row).Names[column];

        private (string Sql, string[] Names) Row(int row) => _rows.GetOrAdd(row, r =>
        {
            var names = Properties.Select((_, c) => $"@r{r}c{c}").ToArray();
            return ($"INSERT INTO \"{table}\" ({string.Join(", ", Properties.Select(p => $"\"{p.Column}\""))}) VALUES ({string.Join(", ", names)})", names);
        });
    }
}
