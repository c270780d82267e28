using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DevBot.Benchmarks.Load;

/// <summary>
/// A Bot API stand-in that enforces Telegram's flood limits on what a bot sends (sendMessage, sendDocument,
/// editMessageText): at most one message a second to a chat and <see cref="PerSecond"/> a second overall, in a
/// sliding window; a send beyond either answers 429 with <c>retry_after</c>, as Telegram does, and is counted as a
/// call over the limit. getUpdates is a long poll that never has news; the set-up methods answer ok.
/// </summary>
internal sealed class FloodLimitedBotApi : IAsyncDisposable
{
    public const string Token = "123456789:LOAD-bench_token_abcdefghijklmnopqrstuvw";
    public const int PerSecond = 30;
    private static readonly long Second = Stopwatch.Frequency;

    private WebApplication? _app;
    private readonly Lock _gate = new();
    private readonly Queue<long> _window = new();
    private readonly Dictionary<long, long> _chatLast = [];
    private readonly ConcurrentDictionary<long, int> _documents = new();
    private readonly ConcurrentDictionary<long, int> _messages = new();
    private long _overLimit;
    private long _overChat;
    private long _overGlobal;
    private int _nextMessageId;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Sends refused with 429 because they came too soon (per chat or overall).</summary>
    public long OverLimit => Interlocked.Read(ref _overLimit);

    public long OverChatLimit => Interlocked.Read(ref _overChat);

    public long OverGlobalLimit => Interlocked.Read(ref _overGlobal);

    public IReadOnlyDictionary<long, int> Documents => _documents;

    public IReadOnlyDictionary<long, int> Messages => _messages;

    /// <summary>The most sends accepted in any one-second window so far.</summary>
    public int PeakPerSecond { get; private set; }

    public static async Task<FloodLimitedBotApi> StartAsync()
    {
        var api = new FloodLimitedBotApi();
        (api._app, api.BaseUrl) = await LoopbackApp.StartAsync(app => app.MapPost("/bot{token}/{method}", (Delegate)api.HandleAsync));
        return api;
    }

    private async Task<IResult> HandleAsync(string token, string method, HttpContext context)
    {
        if (token != "bot" + Token && token != Token)
        {
            return Answer(new JsonObject { ["ok"] = false, ["error_code"] = 401, ["description"] = "Unauthorized" }, 401);
        }

        var chatId = await ChatIdAsync(context.Request);
        switch (method)
        {
            case "getMe":
                return Ok(new JsonObject { ["id"] = 123456789, ["is_bot"] = true, ["first_name"] = "DevBot", ["username"] = "devbot_load_bot" });
            case "getUpdates":
                await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Ok(new JsonArray());
            case "sendMessage" or "sendDocument" or "editMessageText":
                if (Refusal(chatId ?? 0) is { } retryAfter)
                {
                    return Answer(new JsonObject
                    {
                        ["ok"] = false, ["error_code"] = 429, ["description"] = $"Too Many Requests: retry after {retryAfter}",
                        ["parameters"] = new JsonObject { ["retry_after"] = retryAfter },
                    }, 429);
                }

                (method == "sendDocument" ? _documents : _messages).AddOrUpdate(chatId ?? 0, 1, (_, n) => n + 1);
                var message = new JsonObject
                {
                    ["message_id"] = Interlocked.Increment(ref _nextMessageId),
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["chat"] = new JsonObject { ["id"] = chatId ?? 0, ["type"] = "private" },
                };
                if (method == "sendDocument")
                {
                    message["document"] = new JsonObject { ["file_id"] = "doc" + message["message_id"], ["file_unique_id"] = "u" + message["message_id"], ["file_name"] = "project.zip" };
                }
                else
                {
                    message["text"] = "ok";
                }

                return Ok(message);
            default:
                return Ok(true);
        }
    }

    /// <summary>Null when the send is within the limits (and records it), else the seconds to wait.</summary>
    private int? Refusal(long chatId)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_window.Count > 0 && now - _window.Peek() >= Second)
            {
                _window.Dequeue();
            }

            var tooSoonForChat = _chatLast.TryGetValue(chatId, out var last) && now - last < Second;
            var tooManyOverall = _window.Count >= PerSecond;
            if (tooSoonForChat || tooManyOverall)
            {
                Interlocked.Increment(ref _overLimit);
                Interlocked.Increment(ref tooSoonForChat ? ref _overChat : ref _overGlobal);
                return 1;
            }

            _chatLast[chatId] = now;
            _window.Enqueue(now);
            PeakPerSecond = Math.Max(PeakPerSecond, _window.Count);
            return null;
        }
    }

    private static async Task<long?> ChatIdAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return long.TryParse(form["chat_id"], out var id) ? id : null;
        }

        if (request.ContentLength is 0)
        {
            return null;
        }

        var body = await JsonNode.ParseAsync(request.Body);
        return body?["chat_id"] is JsonValue value && long.TryParse(value.ToString(), out var chat) ? chat : null;
    }

    private static IResult Ok(JsonNode result) => Answer(new JsonObject { ["ok"] = true, ["result"] = result }, 200);

    private static IResult Answer(JsonObject body, int status) => Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    public async ValueTask DisposeAsync() => await _app!.DisposeAsync();
}
