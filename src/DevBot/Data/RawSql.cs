using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DevBot.Data;

/// <summary>
/// Plain commands on the context's open connection and current transaction, for the few hot paths where EF's own
/// per-query and change-tracking work costs more than the rows (see <see cref="OpenedConnection"/>). Values are bound
/// through EF's type mappings of the model's properties, so they are stored exactly as SaveChanges stores them
/// (snake_case enums, GUIDs as text on SQLite, UTC times, decimals as text on SQLite).
/// </summary>
internal static class RawSql
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, InsertShape> Shapes = new();

    /// <summary>A command on the open connection, in the context's transaction when there is one.</summary>
    public static DbCommand Command(DevBotDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    /// <summary>Adds a parameter bound the way the entity's property is stored.</summary>
    public static DbCommand Bind<TEntity>(this DbCommand command, DevBotDbContext db, string name, Expression<Func<TEntity, object?>> property, object? value)
    {
        var member = property.Body is UnaryExpression { Operand: MemberExpression converted } ? converted : (MemberExpression)property.Body;
        var mapping = db.Model.FindEntityType(typeof(TEntity))!.FindProperty(member.Member.Name)!.GetRelationalTypeMapping();
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
    public static async Task InsertAsync(DevBotDbContext db, IReadOnlyList<object> entities, CancellationToken cancellationToken)
    {
        await using var command = Command(db, string.Empty);
        var text = new System.Text.StringBuilder();
        for (var row = 0; row < entities.Count; row++)
        {
            var shape = Shapes.GetOrAdd(db.Model.FindEntityType(entities[row].GetType())!, InsertShape.Of);
            text.Append(shape.Sql(row)).Append(";\n");
            for (var column = 0; column < shape.Properties.Count; column++)
            {
                var property = shape.Properties[column];
                command.Parameters.Add(property.Mapping.CreateParameter(command, $"@r{row}c{column}", property.Getter.GetClrValueUsingContainingEntity(entities[row])));
            }
        }

        command.CommandText = text.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
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
