using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DevBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Telegram.BotApiStandIn;

/// <summary>
/// A Bot API server on loopback for tests: <c>POST /bot{token}/{method}</c> with the real request forms (JSON,
/// url-encoded, multipart with <c>attach://</c> files) and the real JSON shapes for the methods DevBot uses.
/// Injected updates wait for getUpdates (offset confirms, long-poll timeout, allowed_updates filter) or are
/// delivered to the registered webhook with the secret header. Every call is recorded; faults such as a 429
/// with retry_after can be queued per method. Payments in Stars: see the Payments part.
/// </summary>
public sealed partial class FakeBotApiServer : IAsyncDisposable
{
    public const string DefaultToken = "123456789:STAND-IN_token_abcdefghijklmnopqrstuv";
    public const long BotId = 123456789;
    public const string BotUsername = "devbot_test_bot";

    private readonly WebApplication _app;
    private readonly string _token;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, JsonObject> _pending = [];
    private readonly Dictionary<long, JsonObject> _allUpdates = [];
    private readonly List<RecordedCall> _calls = [];
    private readonly List<WebhookDelivery> _deliveries = [];
    private readonly Dictionary<long, int> _handedOut = [];
    private readonly Dictionary<long, List<StandInMessage>> _chats = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Code, string Description, int? RetryAfter)>> _faults = new();
    private readonly Channel<long> _webhookQueue = Channel.CreateUnbounded<long>();
    private readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _updateArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextUpdateId = 500_000;
    private HashSet<string>? _allowedUpdates;
    private long _nextMessageId = 1;
    private Task? _webhookLoop;

    private FakeBotApiServer(WebApplication app, string token)
    {
        _app = app;
        _token = token;
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public string? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries];
            }
        }
    }

    public static async Task<FakeBotApiServer> StartAsync(string token = DefaultToken)
    {
        var app = LoopbackServer.Create();
        var standIn = new FakeBotApiServer(app, token);
        app.MapPost("/bot{token}/{method}", (Delegate)standIn.HandleAsync);
        standIn.BaseUrl = await LoopbackServer.StartAsync(app);
        standIn._webhookLoop = Task.Run(standIn.DeliverWebhooksAsync);
        return standIn;
    }

    // ---- the Telegram side of a test ----

    /// <summary>Queues an update (its update_id is assigned here) for getUpdates or the webhook.</summary>
    public long InjectUpdate(JsonObject update)
    {
        long id;
        lock (_gate)
        {
            id = _nextUpdateId++;
            update["update_id"] = id;
            _allUpdates[id] = update;
            Enqueue(id);
        }

        return id;
    }

    /// <summary>The kinds of updates the bot asked for (getUpdates or setWebhook allowed_updates); null: Telegram's default.</summary>
    public IReadOnlySet<string>? AllowedUpdates
    {
        get
        {
            lock (_gate)
            {
                return _allowedUpdates;
            }
        }
    }

    public long SendText(StandInUser user, string text) => InjectUpdate(new JsonObject { ["message"] = TextMessage(user, text) });

    /// <summary>The user replies (Telegram's reply_to_message) to one of the bot's messages.</summary>
    public long SendReply(StandInUser user, StandInMessage repliedTo, string text)
    {
        var message = TextMessage(user, text);
        message["reply_to_message"] = MessageJson(repliedTo);
        return InjectUpdate(new JsonObject { ["message"] = message });
    }

    private JsonObject TextMessage(StandInUser user, string text) => new()
    {
        ["message_id"] = NextMessageId(),
        ["from"] = user.ToJson(),
        ["chat"] = user.ChatJson(),
        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["text"] = text,
        ["entities"] = text.StartsWith('/') ? new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length }) : null,
    };

    public long SendSticker(StandInUser user) => InjectUpdate(new JsonObject
    {
        ["message"] = new JsonObject
        {
            ["message_id"] = NextMessageId(),
            ["from"] = user.ToJson(),
            ["chat"] = user.ChatJson(),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["sticker"] = new JsonObject { ["file_id"] = "sticker-1", ["file_unique_id"] = "s1", ["width"] = 512, ["height"] = 512, ["is_animated"] = false, ["is_video"] = false, ["type"] = "regular" },
        },
    });

    /// <summary>The user presses an inline button of one of the bot's messages.</summary>
    public long PressButton(StandInUser user, StandInMessage message, string buttonText) => InjectUpdate(new JsonObject
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["from"] = user.ToJson(),
            ["chat_instance"] = "ci-" + user.ChatId,
            ["message"] = MessageJson(message),
            ["data"] = message.ButtonData(buttonText),
        },
    });

    /// <summary>Hands an update out again as if its confirmation was lost (polling) or delivers it again (webhook).</summary>
    public void Redeliver(long updateId)
    {
        lock (_gate)
        {
            Enqueue(updateId);
        }
    }

    /// <summary>The id of the first injected update that <paramref name="match"/> accepts.</summary>
    public long? UpdateIdOf(Func<JsonObject, bool> match)
    {
        lock (_gate)
        {
            return _allUpdates.Where(u => match(u.Value)).Select(u => (long?)u.Key).FirstOrDefault();
        }
    }

    /// <summary>How many getUpdates answers have carried this update.</summary>
    public int HandedOut(long updateId)
    {
        lock (_gate)
        {
            return _handedOut.GetValueOrDefault(updateId);
        }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail with this error.</summary>
    public void FailNext(string method, int times = 1, int errorCode = 429, int? retryAfter = 1, string? description = null)
    {
        var queue = _faults.GetOrAdd(method, _ => new ConcurrentQueue<(int, string, int?)>());
        description ??= errorCode switch
        {
            429 => $"Too Many Requests: retry after {retryAfter}",
            500 => "Internal Server Error",
            _ => "Bad Request",
        };
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue((errorCode, description, errorCode == 429 ? retryAfter : null));
        }
    }

    public void ClearFaults() => _faults.Clear();

    public IReadOnlyList<StandInMessage> Messages(long chatId)
    {
        lock (_gate)
        {
            return _chats.TryGetValue(chatId, out var messages) ? [.. messages] : [];
        }
    }

    public IReadOnlyList<RecordedCall> CallsOf(string method, long? chatId = null) =>
        Calls.Where(c => c.Method == method && (chatId is null || c.ChatId == chatId)).ToList();

    /// <summary>Waits until <paramref name="probe"/> finds something (fails the test after the timeout).</summary>
    public async Task<T> WaitForAsync<T>(Func<FakeBotApiServer, T?> probe, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (probe(this) is { } found && (found is not bool flag || flag))
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                var calls = string.Join("\n", Calls.TakeLast(30).Select(c => $"{c.Method} {c.Status} {c.Parameters.ToJsonString()}"));
                throw new TimeoutException($"Timed out waiting for {what}. Last calls:\n{calls}");
            }

            await Task.Delay(50);
        }
    }

    public Task<StandInMessage> WaitForMessageAsync(long chatId, Func<StandInMessage, bool> match, string what, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.Messages(chatId).FirstOrDefault(match), what, timeout);

    // ---- the Bot API ----

    private async Task<IResult> HandleAsync(string token, string method, HttpContext context)
    {
        var (parameters, formError) = await StandInRequest.ReadAsync(context.Request);
        if (formError is not null)
        {
            return Record(method, parameters, token, Error(400, formError));
        }

        if (token != "bot" + _token && token != _token)
        {
            return Record(method, parameters, token, Error(401, "Unauthorized"));
        }

        if (_faults.TryGetValue(method, out var faults) && faults.TryDequeue(out var fault))
        {
            return Record(method, parameters, token, Error(fault.Code, fault.Description, fault.RetryAfter));
        }

        if (method == "getUpdates")
        {
            return Record(method, parameters, token, await GetUpdatesAsync(parameters, context.RequestAborted));
        }

        lock (_gate)
        {
            return Record(method, parameters, token, method switch
            {
                "getMe" => Ok(new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "DevBot", ["username"] = BotUsername }),
                "setWebhook" => SetWebhook(parameters),
                "deleteWebhook" => DeleteWebhook(parameters),
                "setMyCommands" => parameters["commands"] is JsonArray { Count: > 0 } ? Ok(true) : Error(400, "Bad Request: commands must be non-empty"),
                "sendMessage" => SendMessage(parameters),
                "editMessageText" => EditMessageText(parameters),
                "sendDocument" => SendDocument(parameters),
                "answerCallbackQuery" => parameters["callback_query_id"] is not null ? Ok(true) : Error(400, "Bad Request: query is too old"),
                "sendInvoice" => SendInvoice(parameters),
                "answerPreCheckoutQuery" => AnswerPreCheckoutQuery(parameters),
                "refundStarPayment" => RefundStarPayment(parameters),
                "sendChatAction" => parameters["chat_id"] is not null ? Ok(true) : Error(400, "Bad Request: chat not found"),
                _ => Error(404, "Not Found"),
            });
        }
    }

    private async Task<(int, JsonObject)> GetUpdatesAsync(JsonObject parameters, CancellationToken aborted)
    {
        var offset = (long?)parameters["offset"];
        var timeout = (int?)parameters["timeout"] ?? 0;
        var limit = (int?)parameters["limit"] ?? 100;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(timeout);

        // Like Telegram, the offset confirms earlier updates once, when the request arrives: a long poll still
        // parked here (e.g. from a host that is shutting down) must not swallow an update handed out again later.
        lock (_gate)
        {
            RememberAllowedUpdates(parameters);
            if (WebhookUrl is null && offset is { } confirmed)
            {
                foreach (var id in _pending.Keys.Where(id => id < confirmed).ToList())
                {
                    _pending.Remove(id);
                }
            }
        }

        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (WebhookUrl is not null)
                {
                    return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
                }

                // Like Telegram, updates of kinds the bot did not ask for are never delivered.
                foreach (var unwanted in _pending.Where(u => !IsAllowed(u.Value)).Select(u => u.Key).ToList())
                {
                    _pending.Remove(unwanted);
                }

                if (_pending.Count > 0 || DateTime.UtcNow >= deadline)
                {
                    var batch = _pending.Take(limit).ToList();
                    foreach (var (id, _) in batch)
                    {
                        _handedOut[id] = _handedOut.GetValueOrDefault(id) + 1;
                    }

                    return Ok(new JsonArray([.. batch.Select(u => (JsonNode)u.Value.DeepClone())]));
                }

                arrived = _updateArrived.Task;
            }

            try
            {
                await arrived.WaitAsync(deadline - DateTime.UtcNow, aborted);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return Error(499, "client went away");
            }
        }
    }

    private (int, JsonObject) SetWebhook(JsonObject parameters)
    {
        var url = parameters["url"]?.GetValue<string>();
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return Error(400, "Bad Request: bad webhook: invalid URL");
        }

        WebhookUrl = url;
        WebhookSecret = parameters["secret_token"]?.GetValue<string>();
        RememberAllowedUpdates(parameters);
        if ((bool?)parameters["drop_pending_updates"] == true)
        {
            _pending.Clear();
        }

        foreach (var id in _pending.Keys.ToList())
        {
            _pending.Remove(id);
            _webhookQueue.Writer.TryWrite(id);
        }

        return Ok(true);
    }

    private (int, JsonObject) DeleteWebhook(JsonObject parameters)
    {
        WebhookUrl = null;
        WebhookSecret = null;
        if ((bool?)parameters["drop_pending_updates"] == true)
        {
            _pending.Clear();
        }

        return Ok(true);
    }

    private (int, JsonObject) SendMessage(JsonObject parameters)
    {
        if (ChatIdOf(parameters) is not { } chatId)
        {
            return Error(400, "Bad Request: chat not found");
        }

        var (text, error) = CheckText(parameters["text"]?.GetValue<string>(), parameters["parse_mode"]?.GetValue<string>(), 4096, "message text");
        if (error is not null)
        {
            return Error(400, error);
        }

        var message = new StandInMessage
        {
            MessageId = NextMessageId(),
            ChatId = chatId,
            Text = text,
            ParseMode = parameters["parse_mode"]?.GetValue<string>(),
            ReplyMarkup = parameters["reply_markup"]?.DeepClone(),
        };
        message.TextHistory.Add(text!);
        ChatOf(chatId).Add(message);
        return Ok(MessageJson(message));
    }

    private (int, JsonObject) EditMessageText(JsonObject parameters)
    {
        var chatId = ChatIdOf(parameters);
        var messageId = (long?)parameters["message_id"];
        var message = chatId is null ? null : ChatOf(chatId.Value).FirstOrDefault(m => m.MessageId == messageId);
        if (message is null)
        {
            return Error(400, "Bad Request: message to edit not found");
        }

        if (message.Text is null)
        {
            return Error(400, "Bad Request: there is no text in the message to edit");
        }

        var (text, error) = CheckText(parameters["text"]?.GetValue<string>(), parameters["parse_mode"]?.GetValue<string>(), 4096, "message text");
        if (error is not null)
        {
            return Error(400, error);
        }

        var markup = parameters["reply_markup"];
        if (text == message.Text && JsonNode.DeepEquals(markup, message.ReplyMarkup))
        {
            return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        }

        message.Text = text;
        message.ParseMode = parameters["parse_mode"]?.GetValue<string>();
        message.ReplyMarkup = markup?.DeepClone();
        message.TextHistory.Add(text!);
        return Ok(MessageJson(message));
    }

    private (int, JsonObject) SendDocument(JsonObject parameters)
    {
        if (ChatIdOf(parameters) is not { } chatId)
        {
            return Error(400, "Bad Request: chat not found");
        }

        // A file is uploaded either as the part "document" itself or, as Telegram.Bot does, as a part of its own
        // named by "document": "attach://<part>". Anything else (a file_id, a URL) the stand-in does not host.
        var (file, error) = StandInRequest.FileOf(parameters, "document");
        if (error is not null)
        {
            return Error(400, error);
        }

        var bytes = Convert.FromBase64String(file!["bytes"]!.GetValue<string>());
        if (bytes.Length > 50 * 1024 * 1024)
        {
            return Error(413, "Request Entity Too Large");
        }

        var captionSource = Text(parameters, "caption");
        var (caption, captionError) = captionSource is null ? (null, null) : CheckText(captionSource, Text(parameters, "parse_mode"), 1024, "caption");
        if (captionError is not null)
        {
            return Error(400, captionError);
        }

        var message = new StandInMessage
        {
            MessageId = NextMessageId(),
            ChatId = chatId,
            DocumentName = file["file_name"]?.GetValue<string>(),
            DocumentBytes = bytes,
            Caption = caption,
            ReplyMarkup = parameters["reply_markup"]?.DeepClone(),
        };
        ChatOf(chatId).Add(message);
        return Ok(MessageJson(message));
    }

    private static (string? Text, string? Error) CheckText(string? source, string? parseMode, int limit, string what)
    {
        if (string.IsNullOrEmpty(source))
        {
            return (null, $"Bad Request: {what} is empty");
        }

        var (text, error) = parseMode?.ToUpperInvariant() switch
        {
            "HTML" => StandInHtml.Parse(source),
            null or "" => (source, null),
            _ => (null, "can't parse entities: only HTML is supported by the stand-in"),
        };
        if (error is not null)
        {
            return (null, "Bad Request: " + error);
        }

        return text!.Length > limit ? (null, $"Bad Request: {what} is too long") : (text, null);
    }

    private JsonObject MessageJson(StandInMessage message)
    {
        var json = new JsonObject
        {
            ["message_id"] = message.MessageId,
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "DevBot", ["username"] = BotUsername },
            ["chat"] = new JsonObject { ["id"] = message.ChatId, ["type"] = "private" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (message.Text is not null)
        {
            json["text"] = message.Text;
        }

        if (message.ReplyMarkup is not null)
        {
            json["reply_markup"] = message.ReplyMarkup.DeepClone();
        }

        if (message.Invoice is not null)
        {
            json["invoice"] = message.Invoice.DeepClone();
        }

        if (message.DocumentBytes is not null)
        {
            json["document"] = new JsonObject
            {
                ["file_id"] = "doc-" + message.MessageId,
                ["file_unique_id"] = "u-" + message.MessageId,
                ["file_name"] = message.DocumentName,
                ["mime_type"] = "application/zip",
                ["file_size"] = message.DocumentBytes.Length,
            };
            json["caption"] = message.Caption;
        }

        return json;
    }

    // ---- plumbing ----

    private static string? Text(JsonObject parameters, string name) => parameters[name] is JsonValue value ? value.ToString() : null;

    private void RememberAllowedUpdates(JsonObject parameters)
    {
        if (parameters["allowed_updates"] is JsonArray kinds)
        {
            _allowedUpdates = [.. kinds.Select(k => k!.GetValue<string>())];
        }
    }

    /// <summary>Telegram's default (no allowed_updates ever given) is every kind but a few opt-in ones.</summary>
    private bool IsAllowed(JsonObject update)
    {
        var kind = update.Select(p => p.Key).FirstOrDefault(k => k != "update_id");
        return kind is not null && (_allowedUpdates is null ? kind is not ("chat_member" or "message_reaction" or "message_reaction_count") : _allowedUpdates.Contains(kind));
    }

    private void Enqueue(long updateId)
    {
        if (WebhookUrl is not null)
        {
            _webhookQueue.Writer.TryWrite(updateId);
        }
        else
        {
            _pending[updateId] = _allUpdates[updateId];
            Interlocked.Exchange(ref _updateArrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>Delivers queued updates to the webhook one by one, retrying failed deliveries as Telegram does.</summary>
    private async Task DeliverWebhooksAsync()
    {
        try
        {
            await foreach (var updateId in _webhookQueue.Reader.ReadAllAsync(_stopping.Token))
            {
                for (var attempt = 1; attempt <= 5; attempt++)
                {
                    string? url;
                    string? secret;
                    string body;
                    bool allowed;
                    lock (_gate)
                    {
                        (url, secret, body, allowed) = (WebhookUrl, WebhookSecret, _allUpdates[updateId].ToJsonString(), IsAllowed(_allUpdates[updateId]));
                    }

                    if (url is not null && !allowed)
                    {
                        break;
                    }

                    if (url is null)
                    {
                        lock (_gate)
                        {
                            _pending[updateId] = _allUpdates[updateId];
                        }

                        break;
                    }

                    var status = await PostAsync(url, secret, body);
                    lock (_gate)
                    {
                        _deliveries.Add(new WebhookDelivery(updateId, status));
                    }

                    if (status is >= 200 and < 300)
                    {
                        break;
                    }

                    await Task.Delay(200 * attempt, _stopping.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<int> PostAsync(string url, string? secret, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        try
        {
            using var response = await _webhookClient.SendAsync(request, _stopping.Token);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private IResult Record(string method, JsonObject parameters, string token, (int Status, JsonObject Body) answer)
    {
        lock (_gate)
        {
            _calls.Add(new RecordedCall(method, parameters, answer.Status, token));
        }

        return Results.Text(answer.Body.ToJsonString(), "application/json", Encoding.UTF8, answer.Status);
    }

    private static (int, JsonObject) Ok(JsonNode result) => (200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static (int, JsonObject) Error(int code, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is not null)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
        }

        return (code, body);
    }

    private static long? ChatIdOf(JsonObject parameters) => parameters["chat_id"] switch
    {
        JsonValue value when value.TryGetValue<long>(out var id) => id,
        JsonValue value when long.TryParse(value.ToString(), out var parsed) => parsed,
        _ => null,
    };

    private List<StandInMessage> ChatOf(long chatId) => _chats.TryGetValue(chatId, out var list) ? list : _chats[chatId] = [];

    private long NextMessageId() => Interlocked.Increment(ref _nextMessageId);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_webhookLoop is not null)
        {
            await _webhookLoop;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _webhookClient.Dispose();
        _stopping.Dispose();
    }
}
