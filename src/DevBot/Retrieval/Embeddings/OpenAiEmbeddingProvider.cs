using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace DevBot.Retrieval.Embeddings;

/// <summary><c>POST {EMBEDDING_BASE_URL}/embeddings</c> with <c>EMBEDDING_MODEL</c>, bounded by <c>EMBEDDING_TIMEOUT_SECONDS</c>.</summary>
internal sealed class OpenAiEmbeddingProvider : IEmbeddingProvider, IDisposable
{
    private readonly HttpClient _http;
    private readonly EmbeddingOptions _options;
    private readonly Uri _endpoint;

    public OpenAiEmbeddingProvider(IOptions<EmbeddingOptions> options)
    {
        _options = options.Value;
        _endpoint = new Uri(_options.BaseUrl!.TrimEnd('/') + "/embeddings");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // Per request, below, so a caller's token and our timeout stay apart.
        };
    }

    public string Model => _options.Model!;

    public string Source => $"endpoint {_endpoint.Authority}";

    public async Task<EmbeddingBatch> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = JsonContent.Create(new EmbeddingRequest(Model, inputs)),
            };
            if (!string.IsNullOrWhiteSpace(_options.ApiKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            }

            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return EmbeddingBatch.Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await response.Content.ReadFromJsonAsync<EmbeddingResponse>(timeout.Token);
            var data = body?.Data;
            if (data is null || data.Count != inputs.Count || data.Any(d => d.Embedding is not { Length: > 0 }))
            {
                return EmbeddingBatch.Failed($"the answer held {data?.Count ?? 0} embeddings for {inputs.Count} inputs");
            }

            var vectors = new float[inputs.Count][];
            for (var i = 0; i < data.Count; i++)
            {
                var index = data[i].Index is { } at && at >= 0 && at < inputs.Count ? at : i;
                vectors[index] = data[i].Embedding!;
            }

            var dimensions = vectors[0]?.Length ?? 0;
            return vectors.Any(v => v is null || v.Length != dimensions)
                ? EmbeddingBatch.Failed("the embeddings have different lengths")
                : EmbeddingBatch.Of(vectors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return EmbeddingBatch.Failed($"no answer within {_options.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return EmbeddingBatch.Failed(ex.HttpRequestError.ToString());
        }
        catch (JsonException)
        {
            return EmbeddingBatch.Failed("the answer was not the OpenAI embeddings JSON");
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed record EmbeddingRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] IReadOnlyList<string> Input);

    private sealed record EmbeddingResponse([property: JsonPropertyName("data")] List<EmbeddingItem>? Data);

    private sealed record EmbeddingItem(
        [property: JsonPropertyName("index")] int? Index,
        [property: JsonPropertyName("embedding")] float[]? Embedding);
}
