using DevBot.Data;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Embeddings.Local;
using DevBot.Retrieval.Search;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pgvector;

namespace DevBot.Tests.Retrieval.Embeddings;

/// <summary>
/// Indexing and search with EMBEDDING_PROVIDER=local, end to end: the real model embeds the chunks, the vectors are
/// stored (a BLOB on SQLite, pgvector's <c>vector</c> through the Pgvector packages on PostgreSQL) and the vector
/// ranking finds code by meaning.
/// </summary>
public sealed class LocalRetrievalTests(LocalModelFixture model, PostgresServer postgres) : IClassFixture<LocalModelFixture>
{
    // No word of it is in billing.py; the README, which says "see what they owe", is what BM25 ranks first.
    private const string Question = "how much money does a customer still owe";

    private static readonly Dictionary<string, string?> Local = new() { ["EMBEDDING_PROVIDER"] = "local" };

    [Fact]
    public async Task On_SQLite_the_local_vectors_rank_the_code_that_answers_a_question_in_other_words_first()
    {
        await using var database = await RetrievalDatabase.CreateAsync(settings: Local, configure: ShareTheLoadedModel);
        var projectId = await database.CreateProjectAsync();

        var indexed = await database.IndexAsync(projectId, SampleProject.Files);
        var results = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, Question));

        indexed.Embedded.ShouldBe(indexed.ChunksWritten);
        var vector = results.Vector.ShouldNotBeNull();
        results.Snapshot.Chunks[vector[0]].Path.ShouldBe("app/billing.py");
        results.Hybrid.Take(2).Select(i => results.Snapshot.Chunks[i].Path).ShouldContain("app/billing.py");
    }

    [Fact]
    public async Task On_a_fresh_PostgreSQL_database_vectors_are_written_and_searched_through_pgvector_although_the_data_source_loaded_its_types_before_the_extension_existed()
    {
        postgres.VectorAvailable.ShouldBeTrue("the test setup installs pgvector (scripts/test.sh)");
        var url = await DatabaseWithoutTheVectorExtensionAsync();
        await using var database = await RetrievalDatabase.CreateAsync(url, Local, ShareTheLoadedModel, async services =>
        {
            // The application's one data source connects (and learns the database's types) before the migration
            // creates the extension — as `devbot serve` does when it checks the database before migrating.
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_extension WHERE extname = 'vector'", connection);
            (await command.ExecuteScalarAsync()).ShouldBe(0L);
        });
        await using (var connection = await database.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        {
            // The premise: the migration created the extension, but the data source cannot write a vector yet.
            await using var probe = new NpgsqlCommand("SELECT $1", connection) { Parameters = { new() { Value = new Vector(new float[3]) } } };
            await Should.ThrowAsync<InvalidCastException>(() => probe.ExecuteScalarAsync());
        }

        var projectId = await database.CreateProjectAsync();
        var indexed = await database.IndexAsync(projectId, SampleProject.Files);
        var results = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, Question));

        indexed.Embedded.ShouldBe(indexed.ChunksWritten);
        (await database.InScopeAsync(s => s.GetRequiredService<EmbeddingStore>().StorageAsync(s.GetRequiredService<DevBotDbContext>(), CancellationToken.None)))
            .ShouldBe(VectorStorage.PgVector);
        var vector = results.Vector.ShouldNotBeNull();
        results.Snapshot.Chunks[vector[0]].Path.ShouldBe("app/billing.py");

        // What pgvector holds (read back as a Vector through Pgvector.EntityFrameworkCore) is the model's vector.
        var billing = SampleProject.Files.Single(f => f.Path == "app/billing.py");
        var stored = await database.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Database.SqlQueryRaw<Vector>(
            """
            SELECT e.embedding AS "Value" FROM retrieval_embeddings e
            JOIN retrieval_chunks c ON c.embedding_hash = e.content_hash WHERE c.path = 'app/billing.py'
            """).SingleAsync());
        var expected = (await model.EmbedAsync($"{billing.Path}\n{billing.Content}"))[0];
        stored.ToArray().Length.ShouldBe(LocalEmbeddingModel.Dimensions);
        stored.ToArray().ShouldBe(expected, tolerance: 1e-5);
    }

    /// <summary>Every test's services use the class's one loaded model (the same class, loaded once).</summary>
    private void ShareTheLoadedModel(IServiceCollection services) => services.AddSingleton(model.Provider);

    /// <summary>A new database made from template0, so the migration itself has to create the vector extension.</summary>
    private async Task<string> DatabaseWithoutTheVectorExtensionAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync());
        var name = "fresh_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }

        admin.Database = name;
        return admin.ConnectionString;
    }
}
