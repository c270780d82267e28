namespace DevBot.Llm;

/// <summary>A chat-completions model. One implementation speaks the OpenAI protocol; another library could replace it.</summary>
public interface ILlmClient
{
    Task<LlmCompletion> CompleteAsync(LlmRequest request, CancellationToken cancellationToken);
}

public sealed record LlmMessage(LlmMessageRole Role, string Content);

public enum LlmMessageRole
{
    System,
    User,
    Assistant,
}

/// <summary>A JSON schema the answer must follow (sent as response_format json_schema, strict).</summary>
public sealed record LlmJsonSchema(string Name, string Schema);

/// <param name="Key">Sent as the <c>X-DevBot-Call</c> header so a proxy or test stand-in can tell calls apart.</param>
/// <param name="MaxOutputTokens">Requested as the answer's limit; the client also stops reading an answer far beyond it.</param>
public sealed record LlmRequest(string Model, IReadOnlyList<LlmMessage> Messages, LlmJsonSchema? JsonSchema, int MaxOutputTokens, CallKey? Key = null);

/// <summary>The answer; token counts are null when the provider reported no usage.</summary>
public sealed record LlmCompletion(string Text, int? PromptTokens, int? CompletionTokens);
