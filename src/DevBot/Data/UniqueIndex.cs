using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DevBot.Data;

/// <summary>
/// A unique index of the schema, to tell a save refused by it from any other failure: PostgreSQL names the index,
/// SQLite names the columns ("UNIQUE constraint failed: table.a, table.b").
/// </summary>
public sealed record UniqueIndex(string Name, string Table, params string[] Columns)
{
    private const int SqliteConstraintUnique = 2067;

    public bool Refused(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres => postgres.ConstraintName == Name,
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique } sqlite =>
            sqlite.Message.Contains("UNIQUE constraint failed: " + string.Join(", ", Columns.Select(c => $"{Table}.{c}")), StringComparison.Ordinal),
        _ => false,
    };
}
