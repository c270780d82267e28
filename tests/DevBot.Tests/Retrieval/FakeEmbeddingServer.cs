using System.Text.Json.Nodes;
using DevBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Retrieval;

/// <summary>
/// An OpenAI-compatible embeddings server on loopback. Its "model" hashes each lowercase word of the input into
/// one of 64 dimensions (a bag of words), so texts sharing words are close and the nearest chunk is predictable.
/// </summary>
internal sealed class FakeEmbeddingServer : IAsyncDisposable
{
    public const int Dimensions = 64;

    private readonly WebApplication _app;
    private int _requests;
    private int _inputs;

    private FakeEmbeddingServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public int Requests => _requests;

    public int Inputs => _inputs;

    public string? LastAuthorization { get; private set; }

    /// <summary>While set, every request is answered with HTTP 500.</summary>
    public bool Failing { get; set; }

    public static async Task<FakeEmbeddingServer> StartAsync(int port = 0)
    {
        var app = LoopbackServer.Create(port);
        var server = new FakeEmbeddingServer(app);
        app.MapPost("/v1/embeddings", (Delegate)server.HandleAsync);
        server.BaseUrl = await LoopbackServer.StartAsync(app) + "/v1";
        return server;
    }

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in text.ToLowerInvariant().Split(c => !char.IsAsciiLetter(c)))
        {
            if (word.Length > 2)
            {
                var hash = 2166136261u;
                foreach (var c in word)
                {
                    hash = (hash ^ c) * 16777619u;
                }

                vector[hash % Dimensions] += 1;
            }
        }

        return vector;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        LastAuthorization = context.Request.Headers.Authorization.ToString();
        if (Failing)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var inputs = body!["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Interlocked.Add(ref _inputs, inputs.Count);
        var data = inputs.Select((text, index) => new { @object = "embedding", index, embedding = Embed(text) });
        return Results.Json(new { @object = "list", model = body["model"]!.GetValue<string>(), data });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class SplitExtensions
{
    public static string[] Split(this string text, Func<char, bool> separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || separator(text[i]))
            {
                if (i > start)
                {
                    parts.Add(text[start..i]);
                }

                start = i + 1;
            }
        }

        return [.. parts];
    }
}
