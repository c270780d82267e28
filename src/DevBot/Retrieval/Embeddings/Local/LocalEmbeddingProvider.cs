using Microsoft.ML.OnnxRuntime;
using Microsoft.Extensions.Options;

namespace DevBot.Retrieval.Embeddings.Local;

/// <summary>
/// <c>EMBEDDING_PROVIDER=local</c>: all-MiniLM-L6-v2 in this process. The model (~90 MB of weights, a few hundred MB
/// of memory once loaded) is loaded by the first call that needs it, not at start-up, and calls run one at a time
/// with <c>EMBEDDING_LOCAL_THREADS</c> threads, off the caller's thread. A model that cannot be loaded or run is
/// reported as a failure (the client logs it and rests), never thrown at the build.
/// </summary>
internal sealed class LocalEmbeddingProvider(IOptions<EmbeddingOptions> options) : IEmbeddingProvider, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MiniLmModel? _model;

    public string Model => LocalEmbeddingModel.CacheName;

    public string Source => $"the local model {LocalEmbeddingModel.Name}";

    /// <summary>The model file; tests point it elsewhere to prove a missing file is handled.</summary>
    public string PackageAssemblyPath { get; init; } = LocalEmbeddingModel.PackageAssemblyPath;

    public async Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Inference is seconds of CPU: run it on the thread pool so a request thread is never held by it.
            return await Task.Run(
                () =>
                {
                    _model ??= MiniLmModel.Load(PackageAssemblyPath, options.Value.LocalThreads);
                    return EmbeddingBatch.Of(_model.Embed(inputs, cancellationToken));
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or BadImageFormatException or OnnxRuntimeException
            or DllNotFoundException or TypeInitializationException)
        {
            // A missing native library surfaces as a type initialiser failure: its inner exception says which.
            return EmbeddingBatch.Failed((ex as TypeInitializationException)?.InnerException?.Message ?? ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _model?.Dispose();
        _gate.Dispose();
    }
}
