using System.Numerics.Tensors;
using DevBot.Data;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Retrieval;

/// <summary>Embeddings against a real OpenAI-protocol server on loopback, on SQLite (vectors scanned in the application).</summary>
public sealed class EmbeddingTests
{
    internal static Dictionary<string, string?> Settings(string baseUrl, int batchSize = 2, int retryAfterSeconds = 600) => new()
    {
        ["EMBEDDING_BASE_URL"] = baseUrl,
        ["EMBEDDING_MODEL"] = "fake-embed",
        ["EMBEDDING_API_KEY"] = "embedding-secret",
        ["EMBEDDING_BATCH_SIZE"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["EMBEDDING_TIMEOUT_SECONDS"] = "5",
        ["EMBEDDING_RETRY_AFTER_SECONDS"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Chunks_are_embedded_in_batches_and_vector_search_returns_the_exact_nearest_chunks()
    {
        await using var server = await FakeEmbeddingServer.StartAsync();
        await using var database = await RetrievalDatabase.CreateAsync(settings: Settings(server.BaseUrl));
        var projectId = await database.CreateProjectAsync();

        var indexed = await database.IndexAsync(projectId, SampleProject.Files);

        indexed.Embedded.ShouldBe(indexed.ChunksWritten);
        server.Inputs.ShouldBe(indexed.ChunksWritten);
        server.Requests.ShouldBe((indexed.ChunksWritten + 1) / 2, "batches of two");
        server.LastAuthorization.ShouldBe("Bearer embedding-secret");
        await VectorSearchMatchesBruteForceAsync(database, projectId, server);
    }

    [Fact]
    public async Task Unchanged_content_is_never_embedded_twice_even_in_another_project()
    {
        await using var server = await FakeEmbeddingServer.StartAsync();
        await using var database = await RetrievalDatabase.CreateAsync(settings: Settings(server.BaseUrl, batchSize: 16));
        var first = await database.CreateProjectAsync("first");
        var second = await database.CreateProjectAsync("second");
        await database.IndexAsync(first, SampleProject.Files);
        var afterFirst = server.Inputs;

        var again = await database.IndexAsync(first, SampleProject.Files);
        var copy = await database.IndexAsync(second, SampleProject.Files);

        again.FilesUnchanged.ShouldBe(SampleProject.Files.Length);
        copy.ChunksWritten.ShouldBeGreaterThan(0);
        copy.Embedded.ShouldBe(0);
        server.Inputs.ShouldBe(afterFirst);
        await VectorSearchMatchesBruteForceAsync(database, second, server);
    }

    [Fact]
    public async Task When_the_embedding_endpoint_fails_indexing_and_lexical_search_go_on_and_it_is_not_hammered()
    {
        await using var server = await FakeEmbeddingServer.StartAsync();
        server.Failing = true;
        await using var database = await RetrievalDatabase.CreateAsync(settings: Settings(server.BaseUrl));
        var projectId = await database.CreateProjectAsync();

        var indexed = await database.IndexAsync(projectId, SampleProject.Files);
        var results = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, "pbkdf2 password hashing"));

        indexed.ChunksWritten.ShouldBeGreaterThan(0);
        indexed.Embedded.ShouldBe(0);
        results.Vector.ShouldBeNull();
        results.Snapshot.Chunks[results.Hybrid[0]].Path.ShouldBe("app/auth.py");
        server.Requests.ShouldBe(1, "after one failure the endpoint rests instead of failing every batch and query");
    }

    [Fact]
    public async Task When_the_embedding_endpoint_is_unreachable_search_falls_back_and_later_catches_up()
    {
        var port = FreeTcpPort.Next();
        await using var database = await RetrievalDatabase.CreateAsync(settings: Settings($"http://127.0.0.1:{port}/v1", retryAfterSeconds: 0));
        var projectId = await database.CreateProjectAsync();

        var indexed = await database.IndexAsync(projectId, SampleProject.Files);
        var lexicalOnly = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, "statement due EUR"));

        indexed.Embedded.ShouldBe(0);
        lexicalOnly.Vector.ShouldBeNull();
        lexicalOnly.Snapshot.Chunks[lexicalOnly.Hybrid[0]].Path.ShouldBe("app/billing.py");

        // The endpoint comes up on that port: the next indexing pass fills in every missing vector.
        await using var server = await FakeEmbeddingServer.StartAsync(port);
        var caughtUp = await database.IndexAsync(projectId, SampleProject.Files);
        caughtUp.Embedded.ShouldBe(indexed.ChunksWritten);
        var hybrid = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, "statement due EUR"));
        hybrid.Vector.ShouldNotBeNull().ShouldNotBeEmpty();
    }

    /// <summary>The vector ranking equals a brute-force cosine ranking of the same chunks computed here.</summary>
    internal static async Task VectorSearchMatchesBruteForceAsync(RetrievalDatabase database, Guid projectId, FakeEmbeddingServer server)
    {
        const string query = "unpaid invoice amount cents for a user statement";
        var chunks = await database.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<StoredChunk>().AsNoTracking()
            .Where(c => c.ProjectId == projectId).ToListAsync());
        var queryVector = FakeEmbeddingServer.Embed(query);
        var expected = chunks
            .Select(c => (c.Id, Similarity: TensorPrimitives.CosineSimilarity(queryVector, FakeEmbeddingServer.Embed($"{c.Path}\n{c.Content}"))))
            .OrderByDescending(c => c.Similarity)
            .ToList();

        var results = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, query));

        var vector = results.Vector.ShouldNotBeNull();
        vector.Select(i => results.Snapshot.Chunks[i].Id).ShouldBe(expected.Select(e => e.Id));
        server.Requests.ShouldBeGreaterThan(0);
        results.Hybrid.ShouldContain(vector[0]);
    }
}
