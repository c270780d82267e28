using DevBot.Data;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Search;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DevBot.Tests.Retrieval;

/// <summary>The same retrieval on a real PostgreSQL: pgvector when the extension can be created, real[] when not.</summary>
public sealed class PostgresRetrievalTests(PostgresServer postgres)
{
    [Fact]
    public async Task With_pgvector_vectors_are_stored_as_vector_and_ranked_by_the_cosine_operator()
    {
        postgres.VectorAvailable.ShouldBeTrue("the test setup installs pgvector (scripts/test.sh)");
        await using var server = await FakeEmbeddingServer.StartAsync();
        await using var database = await RetrievalDatabase.CreateAsync(await postgres.CreateDatabaseAsync(), EmbeddingTests.Settings(server.BaseUrl));
        var projectId = await database.CreateProjectAsync();

        await database.IndexAsync(projectId, SampleProject.Files);

        (await StorageAsync(database)).ShouldBe(VectorStorage.PgVector);
        var stored = await database.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<DevBotDbContext>();
            return await db.Database.SqlQueryRaw<float[]>(
                "SELECT e.embedding::real[] AS \"Value\" FROM retrieval_embeddings e JOIN retrieval_chunks c ON c.embedding_hash = e.content_hash WHERE c.path = 'app/billing.py'").SingleAsync();
        });
        var billing = SampleProject.Files.Single(f => f.Path == "app/billing.py");
        stored.ShouldBe(FakeEmbeddingServer.Embed($"{billing.Path}\n{billing.Content}"));
        await EmbeddingTests.VectorSearchMatchesBruteForceAsync(database, projectId, server);
    }

    [Fact]
    public async Task Without_the_right_to_create_pgvector_embeddings_are_real_arrays_compared_in_the_application()
    {
        var adminUrl = await postgres.CreateDatabaseAsync();
        var role = "retrieval_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(adminUrl))
        {
            await admin.OpenAsync();
            foreach (var sql in new[] { $"CREATE ROLE {role} LOGIN", $"CREATE DATABASE {role} OWNER {role} TEMPLATE template0" })
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync();
            }
        }

        var url = new NpgsqlConnectionStringBuilder(adminUrl) { Username = role, Database = role }.ConnectionString;
        await using var server = await FakeEmbeddingServer.StartAsync();
        await using var database = await RetrievalDatabase.CreateAsync(url, EmbeddingTests.Settings(server.BaseUrl));
        var projectId = await database.CreateProjectAsync();

        await database.IndexAsync(projectId, SampleProject.Files);

        (await StorageAsync(database)).ShouldBe(VectorStorage.RealArray);
        await EmbeddingTests.VectorSearchMatchesBruteForceAsync(database, projectId, server);
        var lexical = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, "pbkdf2 password hashing"));
        lexical.Snapshot.Chunks[lexical.Lexical[0]].Path.ShouldBe("app/auth.py");
    }

    private static Task<VectorStorage> StorageAsync(RetrievalDatabase database) =>
        database.InScopeAsync(s => s.GetRequiredService<EmbeddingStore>().StorageAsync(s.GetRequiredService<DevBotDbContext>(), CancellationToken.None));
}
