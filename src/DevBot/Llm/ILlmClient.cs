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

public sealed record LlmRequest(string Model, IReadOnlyList<LlmMessage> Messages, LlmJsonSchema? JsonSchema = null, int? MaxOutputTokens = null);

/// <summary>The answer; token counts are null when the provider reported no usage.</summary>
public sealed record LlmCompletion(string Text, int? PromptTokens, int? CompletionTokens);
