using System.Net.Http.Headers;
using DevBot.Llm;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DevBot.Health;

/// <summary>
/// Whether the LLM endpoint answers (GET {base}/models), cached for 30 s so probes never hammer a paid API.
/// Reported as Degraded, not Unhealthy: the API keeps accepting builds while the model is away.
/// </summary>
internal sealed class LlmHealthCheck(IHttpClientFactory httpClients, IOptions<LlmOptions> options, LlmProbeCache cache, TimeProvider time) : IHealthCheck
{
    public const string HttpClientName = "llm-health";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = options.Value.ResolveEndpoint();
        await cache.Gate.WaitAsync(cancellationToken);
        try
        {
            if (cache.Last is { } hit && time.GetUtcNow() - hit.At < CacheFor)
            {
                return hit.Result;
            }

            var result = await ProbeAsync(endpoint, cancellationToken);
            cache.Last = (time.GetUtcNow(), result);
            return result;
        }
        finally
        {
            cache.Gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(LlmEndpoint endpoint, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.BaseUrl, "models"));
        if (endpoint.ApiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.ApiKey);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await client.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{endpoint.BaseUrl} answers")
                : HealthCheckResult.Degraded($"unavailable: {endpoint.BaseUrl} answered HTTP {(int)response.StatusCode}; check LLM_BASE_URL and LLM_API_KEY");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Degraded($"unavailable: {endpoint.BaseUrl} cannot be reached ({ex.GetType().Name}); set LLM_BASE_URL to a running OpenAI-compatible server");
        }
    }
}

/// <summary>The last LLM probe of this host (health checks themselves are created per check run).</summary>
internal sealed class LlmProbeCache : IDisposable
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public (DateTimeOffset At, HealthCheckResult Result)? Last { get; set; }

    public void Dispose() => Gate.Dispose();
}
