using System.Collections.Concurrent;
using DevBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DevBot.Tests.Billing;

/// <summary>
/// OpenRouter's public model list on loopback (<c>GET /api/v1/models</c>), in the shape the real one answers:
/// every model with its metadata and <c>pricing</c> as USD-per-token strings, "-1" for the auto router.
/// </summary>
public sealed class OpenRouterStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private OpenRouterStandIn(WebApplication app) => _app = app;

    public string ModelsUrl { get; private set; } = string.Empty;

    public IReadOnlyCollection<string> Requests => _requests.ToArray();

    public static async Task<OpenRouterStandIn> StartAsync()
    {
        var app = LoopbackServer.Create();
        var standIn = new OpenRouterStandIn(app);
        app.MapGet("/api/v1/models", (HttpContext context) =>
        {
            standIn._requests.Enqueue(context.Request.Path);
            return Results.Text(ModelList, "application/json");
        });
        standIn.ModelsUrl = await LoopbackServer.StartAsync(app) + "/api/v1/models";
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private const string ModelList = """
        {"data":[
          {"id":"qwen/qwen-2.5-coder-32b-instruct","canonical_slug":"qwen/qwen-2.5-coder-32b-instruct","hugging_face_id":"Qwen/Qwen2.5-Coder-32B-Instruct",
           "name":"Qwen2.5 Coder 32B Instruct","created":1731368400,"description":"Qwen2.5-Coder is the latest series of Code-Specific Qwen large language models.",
           "context_length":32768,
           "architecture":{"modality":"text->text","input_modalities":["text"],"output_modalities":["text"],"tokenizer":"Qwen","instruct_type":"chatml"},
           "pricing":{"prompt":"0.00000006","completion":"0.00000015","request":"0","image":"0","web_search":"0","internal_reasoning":"0"},
           "top_provider":{"context_length":32768,"max_completion_tokens":16384,"is_moderated":false},
           "per_request_limits":null,"supported_parameters":["max_tokens","temperature","top_p","response_format"]},
          {"id":"vendor/reasoner-large","canonical_slug":"vendor/reasoner-large-20250601","name":"Vendor: Reasoner Large","created":1748736000,
           "description":"A large reasoning model.","context_length":200000,
           "architecture":{"modality":"text+image->text","input_modalities":["text","image"],"output_modalities":["text"],"tokenizer":"Other","instruct_type":null},
           "pricing":{"prompt":"0.000003","completion":"0.000015","request":"0","image":"0.0048","web_search":"0","internal_reasoning":"0","input_cache_read":"0.0000003","input_cache_write":"0.00000375"},
           "top_provider":{"context_length":200000,"max_completion_tokens":64000,"is_moderated":true},
           "per_request_limits":null,"supported_parameters":["max_tokens","temperature","tools","reasoning"]},
          {"id":"vendor/tiny:free","canonical_slug":"vendor/tiny","name":"Vendor: Tiny (free)","created":1740000000,"description":"Free variant.",
           "context_length":8192,"architecture":{"modality":"text->text","input_modalities":["text"],"output_modalities":["text"],"tokenizer":"Llama3","instruct_type":null},
           "pricing":{"prompt":"0","completion":"0","request":"0","image":"0","web_search":"0","internal_reasoning":"0"},
           "top_provider":{"context_length":8192,"max_completion_tokens":4096,"is_moderated":false},"per_request_limits":null,"supported_parameters":["max_tokens"]},
          {"id":"openrouter/auto","canonical_slug":"openrouter/auto","name":"Auto Router","created":1699401600,
           "description":"Your prompt will be processed by a meta-model and routed to one of dozens of models.","context_length":2000000,
           "architecture":{"modality":"text->text","input_modalities":["text"],"output_modalities":["text"],"tokenizer":"Router","instruct_type":null},
           "pricing":{"prompt":"-1","completion":"-1"},
           "top_provider":{"context_length":null,"max_completion_tokens":null,"is_moderated":false},"per_request_limits":null,"supported_parameters":[]}
        ]}
        """;
}
