using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Embeddings.Local;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Retrieval.Embeddings;

/// <summary>
/// One real all-MiniLM-L6-v2 (ONNX Runtime, the model file from the build output) per test class: loading it takes
/// about a second and a few hundred MB, so the tests of a class share it.
/// </summary>
public sealed class LocalModelFixture : IDisposable
{
    internal LocalEmbeddingProvider Provider { get; } = new(Options.Create(new EmbeddingOptions { Provider = "local", LocalThreads = 2 }));

    /// <summary>Embeds through the provider and fails the test with the provider's reason if it could not.</summary>
    internal async Task<float[][]> EmbedAsync(params string[] texts)
    {
        var batch = await Provider.EmbedAsync(texts, TestContext.Current.CancellationToken);
        batch.Failure.ShouldBeNull();
        return batch.Vectors.ShouldNotBeNull();
    }

    public void Dispose() => Provider.Dispose();
}
