using System.Data.Common;
using System.Linq.Expressions;
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

    /// <summary>A command on the connection, in its transaction when there is one.</summary>
    public static DbCommand Command(DirectConnection connection, string sql)
    {
        var command = connection.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = connection.Transaction;
        return command;
    }

    /// <summary>Adds a parameter bound the way the entity's property is stored.</summary>
    public static DbCommand Bind<TEntity>(this DbCommand command, DirectConnection connection, string name, Expression<Func<TEntity, object?>> property, object? value)
    {
        var member = property.Body is UnaryExpression { Operand: MemberExpression converted } ? converted : (MemberExpression)property.Body;
        var mapping = connection.Model.FindEntityType(typeof(TEntity))!.FindProperty(member.Member.Name)!.GetRelationalTypeMapping();
        command.Parameters.Add(mapping.CreateParameter(command, name, value));
        return command;
    }

    /// <summary>Adds a plain parameter (numbers, strings).</summary>
    public static DbCommand Bind(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Inserts the entities in one command (one round trip), in the order given; database-generated keys are left to the database.</summary>
    public static async Task InsertAsync(DirectConnection connection, IReadOnlyList<object> entities, CancellationToken cancellationToken)
    {
        await using var command = InsertCommand(connection, entities);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The same inserts followed by one query (its parameters already bound), still one round trip: the value of its
    /// first row's first column.
    /// </summary>
    public static async Task<object?> InsertThenScalarAsync(DirectConnection connection, IReadOnlyList<object> entities, string query, Action<DbCommand> bindQuery, CancellationToken cancellationToken)
    {
        await using var command = InsertCommand(connection, entities);
        command.CommandText += query;
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

    private static DbCommand InsertCommand(DirectConnection connection, IReadOnlyList<object> entities)
    {
        var command = Command(connection, string.Empty);
        var text = new System.Text.StringBuilder();
        for (var row = 0; row < entities.Count; row++)
        {
            var shape = Shapes.GetOrAdd(connection.Model.FindEntityType(entities[row].GetType())!, InsertShape.Of);
            text.Append(shape.Sql(row)).Append(";\n");
            for (var column = 0; column < shape.Properties.Count; column++)
            {
                var property = shape.Properties[column];
                command.Parameters.Add(property.Mapping.CreateParameter(command, $"@r{row}c{column}", property.Getter.GetClrValueUsingContainingEntity(entities[row])));
            }
        }

        command.CommandText = text.ToString();
        return command;
    }

    private sealed record ColumnProperty(string Column, RelationalTypeMapping Mapping, IClrPropertyGetter Getter);

    private sealed record InsertShape(string Table, IReadOnlyList<ColumnProperty> Properties)
    {
        public static InsertShape Of(IEntityType entity) => new(
            entity.GetTableName()!,
            entity.GetProperties()
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType != typeof(Guid)))
                .Select(p => new ColumnProperty(p.GetColumnName(), p.GetRelationalTypeMapping(), p.GetGetter()))
                .ToList());

        public string Sql(int row) =>
            $"INSERT INTO \"{Table}\" ({string.Join(", ", Properties.Select(p => $"\"{p.Column}\""))}) VALUES ({string.Join(", ", Properties.Select((_, c) => $"@r{row}c{c}"))})";
    }
}
