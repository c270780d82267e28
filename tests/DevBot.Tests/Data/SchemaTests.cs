using System.Data.Common;
using System.Text.RegularExpressions;
using DevBot.Data;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Data;

/// <summary>The hand-written migrations and the EF model must describe the same database, on both providers.</summary>
public sealed partial class SchemaTests(PostgresServer postgres)
{
    /// <summary>Columns deliberately written with provider-specific SQL, not through EF (vectors: pgvector or a float32 blob).</summary>
    private static readonly HashSet<string> WrittenBySql = new(StringComparer.Ordinal) { "retrieval_embeddings.embedding" };

    [Fact]
    public void Both_providers_have_the_same_migrations_numbered_in_one_sequence()
    {
        var sqlite = SqlMigrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Version).ToList();
        var postgresVersions = SqlMigrator.Scripts(DatabaseProvider.Postgres).Select(s => s.Version).ToList();

        postgresVersions.ShouldBe(sqlite);
        sqlite.ShouldAllBe(v => VersionPattern().IsMatch(v), "a version is NNNN_name");
        sqlite.Select(v => v[..4]).ShouldBeUnique("each number is used once, across every feature");
    }

    [Fact]
    public async Task The_model_matches_the_migrated_sqlite_schema()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false);

        await ShouldMatchAsync(host, SqliteColumnsSql);
    }

    [Fact]
    public async Task The_model_matches_the_migrated_postgres_schema()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), await postgres.CreateDatabaseAsync(), runWorkers: false);

        await ShouldMatchAsync(host, PostgresColumnsSql);
    }

    private const string SqliteColumnsSql = """
        SELECT m.name, p.name, p."notnull" OR p.pk > 0, p.dflt_value IS NOT NULL OR p.pk > 0
        FROM sqlite_master m JOIN pragma_table_info(m.name) p
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        """;

    private const string PostgresColumnsSql = """
        SELECT table_name, column_name, is_nullable = 'NO', column_default IS NOT NULL OR is_identity = 'YES'
        FROM information_schema.columns WHERE table_schema = 'public'
        """;

    /// <summary>
    /// Every mapped table and column exists with the model's nullability, and every required column without a
    /// default is mapped (else EF's inserts would fail). Drift in either direction fails the test run.
    /// </summary>
    private static async Task ShouldMatchAsync(DevBotTestHost host, string columnsSql)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var schema = await ReadColumnsAsync(db, columnsSql);
        var problems = new List<string>();
        var mappedTables = new HashSet<string>(StringComparer.Ordinal);

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            mappedTables.Add(table);
            var identifier = StoreObjectIdentifier.Table(table, entity.GetSchema());
            if (!schema.TryGetValue(table, out var columns))
            {
                problems.Add($"{entity.ClrType.Name} maps to table {table}, which no migration creates.");
                continue;
            }

            var mapped = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(identifier)!;
                mapped.Add(column);
                if (!columns.TryGetValue(column, out var actual))
                {
                    problems.Add($"{entity.ClrType.Name}.{property.Name} maps to {table}.{column}, which does not exist.");
                }
                else if (actual.NotNull == property.IsNullable)
                {
                    problems.Add($"{table}.{column} is {(actual.NotNull ? "NOT NULL" : "nullable")} in the schema but {(property.IsNullable ? "nullable" : "required")} in the model.");
                }
            }

            problems.AddRange(columns
                .Where(c => !mapped.Contains(c.Key) && c.Value.NotNull && !c.Value.HasDefault && !WrittenBySql.Contains($"{table}.{c.Key}"))
                .Select(c => $"{table}.{c.Key} is required without a default but no property maps it: EF cannot insert a {entity.ClrType.Name}."));
        }

        problems.ShouldBeEmpty();
        mappedTables.ShouldContain("projects");
        mappedTables.ShouldContain("llm_calls");
    }

    private static async Task<Dictionary<string, Dictionary<string, (bool NotNull, bool HasDefault)>>> ReadColumnsAsync(DevBotDbContext db, string sql)
    {
        var tables = new Dictionary<string, Dictionary<string, (bool NotNull, bool HasDefault)>>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            var columns = tables.TryGetValue(table, out var existing) ? existing : tables[table] = new(StringComparer.Ordinal);
            columns[reader.GetString(1)] = (Convert.ToBoolean(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToBoolean(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture));
        }

        return tables;
    }

    [GeneratedRegex("^[0-9]{4}_[a-z0-9_]+$")]
    private static partial Regex VersionPattern();
}
