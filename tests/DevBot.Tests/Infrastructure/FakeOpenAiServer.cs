using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback (real HTTP, real JSON), answering as a
/// scripted model would. Faults (429 with Retry-After, 500, malformed answers) can be queued.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private readonly ConcurrentQueue<RecordedChatRequest> _requests = new();
    private readonly ConcurrentQueue<RecordedChatRequest> _aborted = new();
    private readonly Lock _gate = new();

    private FakeOpenAiServer(WebApplication app, ScriptedModel model)
    {
        _app = app;
        Model = model;
    }

    public ScriptedModel Model { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every chat request received, in arrival order (faulted ones included).</summary>
    public IReadOnlyList<RecordedChatRequest> Requests => _requests.ToArray();

    /// <summary>Set to hold requests of a kind until released (to stop a worker mid-step).</summary>
    public Func<RecordedChatRequest, Task>? BeforeAnswer { get; set; }

    /// <summary>When set, usage is left out of answers (as some local servers do).</summary>
    public bool OmitUsage { get; set; }

    /// <summary>Changes an answer before it is sent (a hostile model: NUL characters, a runaway length).</summary>
    public Func<RecordedChatRequest, string, string>? TransformAnswer { get; set; }

    /// <summary>The usage reported for an answer instead of its real size (a hostile or broken provider).</summary>
    public Func<RecordedChatRequest, (int Prompt, int Completion)>? ReportedUsage { get; set; }

    /// <summary>Requests whose client went away before the answer (cancelled in flight), in arrival order.</summary>
    public IReadOnlyList<RecordedChatRequest> Aborted => _aborted.ToArray();

    public static async Task<FakeOpenAiServer> StartAsync(ScriptedModel? model = null)
    {
        var app = LoopbackServer.Create();
        var server = new FakeOpenAiServer(app, model ?? new ScriptedModel());
        app.MapPost("/v1/chat/completions", (Delegate)server.HandleChatAsync);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = "fake-model", @object = "model" } } }));
        server.BaseUrl = await LoopbackServer.StartAsync(app) + "/v1";
        return server;
    }

    public void Enqueue(params FakeFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public int CountRequests(ChatKind kind) => Requests.Count(r => r.Kind == kind);

    private async Task<IResult> HandleChatAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) ?? new JsonObject();
        var request = RecordedChatRequest.From(body, context.Request.Headers.Authorization.ToString(), context.Request.Headers["X-DevBot-Call"].ToString());
        _requests.Enqueue(request);
        using var abortWatch = context.RequestAborted.Register(() => _aborted.Enqueue(request));
        if (BeforeAnswer is { } hook)
        {
            await hook(request);
        }

        FakeFault? fault = null;
        lock (_gate)
        {
            if (_faults.TryPeek(out var next) && (next.Only is null || next.Only == request.Kind))
            {
                _faults.TryDequeue(out fault);
            }
        }

        switch (fault?.Type)
        {
            case FakeFaultType.RateLimited:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(new { error = new { message = "Rate limit reached", type = "rate_limit_exceeded" } }, statusCode: 429);
            case FakeFaultType.ServerError:
                return Results.Json(new { error = new { message = "The server had an error", type = "server_error" } }, statusCode: 500);
            case FakeFaultType.Malformed:
                return Completion(request, "Sure! Here is what you asked for: {\"oops\": tru", OmitUsage);
        }

        string text;
        lock (_gate)
        {
            text = Model.Answer(request);
        }

        if (TransformAnswer is { } transform)
        {
            text = transform(request, text);
        }

        return Completion(request, text, OmitUsage);
    }

    private IResult Completion(RecordedChatRequest request, string text, bool omitUsage)
    {
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
        };
        if (!omitUsage)
        {
            var (promptTokens, completionTokens) = ReportedUsage?.Invoke(request)
                ?? (request.Messages.Sum(m => m.Content.Length) / 4 + 1, text.Length / 4 + 1);
            response["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            };
        }

        return Results.Text(response.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public enum ChatKind
{
    Plan,
    Implement,
    Review,
    Readme,
    Fix,
    Other,
}

public sealed record ChatMessageRecord(string Role, string Content);

/// <param name="CallKey">The <c>X-DevBot-Call</c> header, when the request carried it (a proxy may drop it).</param>
public sealed record RecordedChatRequest(
    ChatKind Kind, string Model, string? SchemaName, bool SchemaStrict, IReadOnlyList<ChatMessageRecord> Messages, string Authorization,
    string? CallKey = null, int? MaxTokens = null, string? SchemaJson = null)
{
    public string SystemPrompt => Messages.FirstOrDefault(m => m.Role == "system")?.Content ?? string.Empty;

    public string LastUser => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;

    /// <summary>The project version the call builds (from its call key; 1 without one).</summary>
    public int Version => CallKey is not null && DevBot.Llm.CallKey.TryParse(CallKey, out var key) ? key.Version : 1;

    /// <summary>The task the call is about (from its call key, else the prompt's "Task k of N"), or 0.</summary>
    public int TaskIndex
    {
        get
        {
            if (CallKey is not null && DevBot.Llm.CallKey.TryParse(CallKey, out var key))
            {
                return key.Task;
            }

            var match = System.Text.RegularExpressions.Regex.Match(Messages.FirstOrDefault(m => m.Role == "user")?.Content ?? string.Empty, @"# Task (\d+) of (\d+)");
            return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
    }

    public static RecordedChatRequest From(JsonNode body, string authorization, string? callKey = null)
    {
        callKey = string.IsNullOrEmpty(callKey) ? null : callKey;
        var messages = (body["messages"] as JsonArray ?? [])
            .Select(m => new ChatMessageRecord(m?["role"]?.GetValue<string>() ?? "", ContentOf(m?["content"])))
            .ToList();
        var format = body["response_format"];
        var schemaName = format?["json_schema"]?["name"]?.GetValue<string>();
        var strict = format?["json_schema"]?["strict"]?.GetValue<bool>() ?? false;
        var systemPrompt = messages.FirstOrDefault(m => m.Role == "system")?.Content ?? string.Empty;
        var kind = callKey is not null && DevBot.Llm.CallKey.TryParse(callKey, out var key) ? key.Step switch
        {
            DevBot.Llm.CallStep.Plan => ChatKind.Plan,
            DevBot.Llm.CallStep.Implement => ChatKind.Implement,
            DevBot.Llm.CallStep.Review => ChatKind.Review,
            DevBot.Llm.CallStep.Readme => ChatKind.Readme,
            DevBot.Llm.CallStep.Fix => ChatKind.Fix,
            _ => ChatKind.Other,
        } : schemaName switch
        {
            "project_plan" => ChatKind.Plan,
            "review" => ChatKind.Review,
            _ when systemPrompt.Contains("implementing one task", StringComparison.Ordinal) => ChatKind.Implement,
            _ when systemPrompt.Contains("README.md", StringComparison.Ordinal) => ChatKind.Readme,
            _ => ChatKind.Other,
        };
        var maxTokens = (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>();
        var schemaJson = format?["json_schema"]?["schema"]?.ToJsonString();
        return new RecordedChatRequest(kind, body["model"]?.GetValue<string>() ?? "", schemaName, strict, messages, authorization, callKey, maxTokens, schemaJson);
    }

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };
}

public enum FakeFaultType
{
    RateLimited,
    ServerError,
    Malformed,
}

/// <param name="Only">Applies to the next request of this kind only (null: the next request of any kind).</param>
public sealed record FakeFault(FakeFaultType Type, int RetryAfterSeconds = 1, ChatKind? Only = null)
{
    public static FakeFault RateLimited(int retryAfterSeconds = 1, ChatKind? only = null) => new(FakeFaultType.RateLimited, retryAfterSeconds, only);

    public static FakeFault ServerError(ChatKind? only = null) => new(FakeFaultType.ServerError, 0, only);

    public static FakeFault Malformed(ChatKind? only = null) => new(FakeFaultType.Malformed, 0, only);
}
