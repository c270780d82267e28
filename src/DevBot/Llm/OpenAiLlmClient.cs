using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Sockets;
using DevBot.Shared;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace DevBot.Llm;

/// <summary>
/// Plain chat completions through the official OpenAI SDK, pointed at any compatible endpoint.
/// Retries are ours (see <see cref="LlmGateway"/>) so every attempt is recorded; the SDK's own are off.
/// </summary>
public sealed class OpenAiLlmClient(IOptions<LlmOptions> options) : ILlmClient, IDisposable
{
    private readonly LlmEndpoint _endpoint = options.Value.ResolveEndpoint();
    private readonly Dictionary<string, ChatClient> _clients = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // One HTTP stack for every model: the SDK's timeout applies per request, our handler bounds each answer.
    private readonly HttpClient _http = new(new BoundedAnswerHandler(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectWithin.Callback(ConnectWithin.DefaultTimeout),
    }))
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<LlmCompletion> CompleteAsync(LlmRequest request, CancellationToken cancellationToken)
    {
        var client = ClientFor(request.Model);
        var messages = request.Messages.Select(ToChatMessage).ToList();
        var chatOptions = new ChatCompletionOptions
        {
            MaxOutputTokenCount = request.MaxOutputTokens,
        };
        if (request.JsonSchema is { } schema)
        {
            chatOptions.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                schema.Name, BinaryData.FromString(schema.Schema), jsonSchemaIsStrict: true);
        }

        var bounds = LlmCallBounds.Of(request.Messages, request.MaxOutputTokens, request.JsonSchema);
        using var scope = LlmRequestScope.Enter(new LlmRequestScope(request.Key, bounds.MaxAnswerBytes));
        try
        {
            ClientResult<ChatCompletion> result = await client.CompleteChatAsync(messages, chatOptions, cancellationToken);
            var completion = result.Value;
            var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            var usage = completion.Usage;
            return new LlmCompletion(text, usage?.InputTokenCount, usage?.OutputTokenCount);
        }
        catch (Exception ex) when (TooLarge(ex) is { } tooLarge)
        {
            throw new LlmProtocolViolationException(
                $"The model's answer was larger than {tooLarge.Limit} bytes, more than any answer of the {request.MaxOutputTokens} tokens asked for "
                + "can be; reading stopped there and the call was not charged.", ex);
        }
        catch (ClientResultException ex)
        {
            throw Translate(ex, request.Model);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmException(
                $"The language model did not answer within {options.Value.TimeoutSeconds} s (LLM_TIMEOUT_SECONDS).", isTransient: true, inner: ex);
        }
    }

    private ChatClient ClientFor(string model)
    {
        lock (_gate)
        {
            if (!_clients.TryGetValue(model, out var client))
            {
                var clientOptions = new OpenAIClientOptions
                {
                    Endpoint = _endpoint.BaseUrl,
                    NetworkTimeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    Transport = new HttpClientPipelineTransport(_http),
                };

                // Keyless local servers (Ollama, LM Studio) ignore the header; the SDK insists on some credential.
                client = new ChatClient(model, new ApiKeyCredential(_endpoint.ApiKey ?? "no-key"), clientOptions);
                _clients[model] = client;
            }

            return client;
        }
    }

    private static ChatMessage ToChatMessage(LlmMessage message) => message.Role switch
    {
        LlmMessageRole.System => new SystemChatMessage(message.Content),
        LlmMessageRole.Assistant => new AssistantChatMessage(message.Content),
        _ => new UserChatMessage(message.Content),
    };

    private LlmException Unreachable(Exception ex)
    {
        var reason = ex.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : ex.Message;
        return new LlmUnreachableException(
            $"The language model endpoint {_endpoint.BaseUrl} could not be reached ({reason}). " +
            $"Set LLM_BASE_URL to a running OpenAI-compatible server (and LLM_API_KEY if it needs a key); it was taken from {_endpoint.ConfiguredBy}.",
            ex);
    }

    private LlmException Translate(ClientResultException ex, string model)
    {
        if (ex.Status == 0)
        {
            return Unreachable(ex.InnerException ?? ex);
        }

        var retryAfter = RetryAfter(ex.GetRawResponse());
        return ex.Status switch
        {
            401 or 403 => new LlmException(
                $"The language model endpoint {_endpoint.BaseUrl} refused the API key (HTTP {ex.Status}). Set LLM_API_KEY (or OPENROUTER_API_KEY / OPENAI_API_KEY / GOOGLE_API_KEY) to a valid key.",
                isTransient: false, inner: ex),
            404 => new LlmException(
                $"The endpoint {_endpoint.BaseUrl} does not know the model '{model}' (HTTP 404). Set LLM_MODEL (or LLM_MODEL_ARCHITECT / _IMPLEMENTER / _REVIEWER) to a model it serves.",
                isTransient: false, inner: ex),
            408 or 409 or 429 or >= 500 => new LlmException(
                $"The language model is busy or failing (HTTP {ex.Status}).", isTransient: true, retryAfter, ex),
            _ => new LlmException($"The language model rejected the request (HTTP {ex.Status}): {Shorten(ex.Message)}", isTransient: false, inner: ex),
        };
    }

    private static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (double.TryParse(value, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static LlmAnswerTooLargeException? TooLarge(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is LlmAnswerTooLargeException tooLarge)
            {
                return tooLarge;
            }
        }

        return null;
    }

    public void Dispose() => _http.Dispose();

    private static string Shorten(string text) => Utf8Text.Clip(text, 301);
}
