using Npgsql;

namespace DevBot.Tests.Infrastructure;

public sealed class PostgresServerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Each_created_database_is_new_and_isolated_from_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await postgres.CreateDatabaseAsync(ct);
        var second = await postgres.CreateDatabaseAsync(ct);

        await ExecuteAsync(first, "CREATE TABLE notes (body text NOT NULL); INSERT INTO notes VALUES ('only in the first')", ct);

        (await ScalarAsync<long>(first, "SELECT count(*) FROM notes", ct)).ShouldBe(1);
        (await ScalarAsync<bool>(second, "SELECT to_regclass('public.notes') IS NULL", ct)).ShouldBeTrue();
        (await ScalarAsync<long>(second, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", ct)).ShouldBe(0);
        new NpgsqlConnectionStringBuilder(first).Database.ShouldNotBe(new NpgsqlConnectionStringBuilder(second).Database);
    }

    [Fact]
    public async Task Vector_extension_works_in_a_new_database_when_pgvector_is_installed()
    {
        Assert.SkipUnless(postgres.VectorAvailable, "pgvector is not installed here (scripts/test.sh installs it)");
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync(ct);

        await ExecuteAsync(database, "CREATE EXTENSION IF NOT EXISTS vector; CREATE TABLE items (embedding vector(3))", ct);
        // Pgvector's .NET type mapping is broken with Npgsql 10, so vectors travel as real[] and are cast in SQL.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("INSERT INTO items VALUES (@e::real[]::vector)", connection);
            insert.Parameters.AddWithValue("e", new[] { 1f, 2f, 3f });
            await insert.ExecuteNonQueryAsync(ct);
        }

        (await ScalarAsync<float[]>(database, "SELECT embedding::real[] FROM items", ct)).ShouldBe([1f, 2f, 3f]);
        (await ScalarAsync<double>(database, "SELECT embedding <-> '[1,2,5]' FROM items", ct)).ShouldBe(2.0, tolerance: 1e-9);
    }

    [Fact]
    public void Missing_postgresql_fails_with_a_message_naming_the_test_script()
    {
        var emptyRoot = Directory.CreateTempSubdirectory("devbot-no-pg-");
        try
        {
            var error = Should.Throw<InvalidOperationException>(() => PostgresBinaries.Locate([emptyRoot.FullName], pathVariable: emptyRoot.FullName));
            error.Message.ShouldContain("scripts/test.sh");
        }
        finally
        {
            emptyRoot.Delete(recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
