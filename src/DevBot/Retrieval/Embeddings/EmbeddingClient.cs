using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace DevBot.Retrieval.Embeddings;

/// <summary>
/// Calls <c>POST {EMBEDDING_BASE_URL}/embeddings</c>. Never throws for an endpoint problem: a failure is logged,
/// the endpoint is left alone for <c>EMBEDDING_RETRY_AFTER_SECONDS</c>, and callers get null and carry on
/// without vectors (lexical and symbol search need no model).
/// </summary>
public sealed class EmbeddingClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly EmbeddingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmbeddingClient> _logger;
    private long _unavailableUntilTicks;

    public EmbeddingClient(IOptions<EmbeddingOptions> options, TimeProvider time, ILogger<EmbeddingClient> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // Per request, below, so a caller's token and our timeout stay apart.
        };
    }

    public bool IsConfigured => _options.IsConfigured;

    public string? Model => _options.IsConfigured ? _options.Model : null;

    public int BatchSize => _options.BatchSize;

    public int MaxChars => _options.MaxChars;

    /// <summary>Whether a request would be attempted now (configured, and not resting after a failure).</summary>
    public bool IsAvailable => IsConfigured && _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _unavailableUntilTicks);

    /// <summary>One vector per input, in order; null when embeddings are off or the endpoint failed.</summary>
    public async Task<float[][]?> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        if (!IsAvailable || inputs.Count == 0)
        {
            return inputs.Count == 0 && IsAvailable ? [] : null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl!.TrimEnd('/') + "/embeddings"))
            {
                Content = JsonContent.Create(new EmbeddingRequest(_options.Model!, inputs)),
            };
            if (!string.IsNullOrWhiteSpace(_options.ApiKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
            }

            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Fail($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await response.Content.ReadFromJsonAsync<EmbeddingResponse>(timeout.Token);
            var data = body?.Data;
            if (data is null || data.Count != inputs.Count || data.Any(d => d.Embedding is not { Length: > 0 }))
            {
                return Fail($"the answer held {data?.Count ?? 0} embeddings for {inputs.Count} inputs");
            }

            var vectors = new float[inputs.Count][];
            for (var i = 0; i < data.Count; i++)
            {
                var index = data[i].Index is { } at && at >= 0 && at < inputs.Count ? at : i;
                vectors[index] = data[i].Embedding!;
            }

            var dimensions = vectors[0]?.Length ?? 0;
            return vectors.Any(v => v is null || v.Length != dimensions) ? Fail("the embeddings have different lengths") : vectors;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail($"no answer within {_options.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return Fail(ex.HttpRequestError.ToString());
        }
        catch (JsonException)
        {
            return Fail("the answer was not the OpenAI embeddings JSON");
        }
    }

    private float[][]? Fail(string reason)
    {
        var until = _time.GetUtcNow().AddSeconds(_options.RetryAfterSeconds);
        Interlocked.Exchange(ref _unavailableUntilTicks, until.UtcTicks);
        _logger.LogWarning(
            "Embedding endpoint {Host} failed ({Reason}); searching without vectors, next try after {Until:O}",
            new Uri(_options.BaseUrl!).Authority, reason, until);
        return null;
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
