using System.Text.Json;
using System.Text.Json.Nodes;
using DevBot.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DevBot.Benchmarks.Load;

/// <summary>
/// An OpenAI-compatible chat server that answers at once: a two-task plan, one small Python file per task, an
/// approving review and a README, chosen by DevBot's <c>X-DevBot-Call</c> header. It costs the builds no model time, so
/// the load benchmark measures DevBot itself (front door, queue, pipeline, database, events).
/// </summary>
internal sealed class ZeroLatencyModel : IAsyncDisposable
{
    private static readonly string Plan = "```json\n" + JsonSerializer.Serialize(new
    {
        title = "Temperature converter",
        summary = "Conversion functions and a command line.",
        tasks = new[]
        {
            new { title = "Conversion functions", details = "Create converter.py with celsius_to_fahrenheit and fahrenheit_to_celsius." },
            new { title = "Command line", details = "Create cli.py that converts a value and a unit given on the command line." },
        },
    }) + "\n```";

    private static readonly string[] Files =
    [
        "converter.py\n```python\ndef celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n\n\ndef fahrenheit_to_celsius(f):\n    return (f - 32) * 5 / 9\n```\n",
        "cli.py\n```python\nimport sys\n\nfrom converter import celsius_to_fahrenheit, fahrenheit_to_celsius\n\n\ndef main(argv):\n    value, unit = float(argv[1]), argv[2].upper()\n    print(celsius_to_fahrenheit(value) if unit == \"C\" else fahrenheit_to_celsius(value))\n\n\nif __name__ == \"__main__\":\n    main(sys.argv)\n```\n",
    ];

    private WebApplication? _app;
    private long _requests;

    public string BaseUrl { get; private set; } = string.Empty;

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<ZeroLatencyModel> StartAsync()
    {
        var model = new ZeroLatencyModel();
        (model._app, var address) = await LoopbackApp.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", (Delegate)model.AnswerAsync);
            app.MapGet("/v1/models", () => Results.Text("""{"object":"list","data":[{"id":"bench-model","object":"model"}]}""", "application/json"));
        });
        model.BaseUrl = address + "/v1";
        return model;
    }

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var text = CallKey.TryParse(context.Request.Headers["X-DevBot-Call"].ToString(), out var key) ? key.Step switch
        {
            CallStep.Plan => Plan,
            CallStep.Implement => Files[Math.Clamp(key.Task, 1, Files.Length) - 1],
            CallStep.Review => """{"verdict":"APPROVED","feedback":"Looks good."}""",
            CallStep.Readme => "```markdown\n# Temperature converter\n\nConverts temperatures.\n\n    python cli.py 100 C\n```\n",
            _ => "Nothing to fix.",
        } : "I can only help with the project.";
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-bench",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = body?["model"]?.GetValue<string>() ?? "bench-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 500, ["completion_tokens"] = text.Length / 4 + 1, ["total_tokens"] = 500 + text.Length / 4 + 1 },
        };
        return Results.Text(response.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync() => await _app!.DisposeAsync();
}
