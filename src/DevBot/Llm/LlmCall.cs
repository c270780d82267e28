namespace DevBot.Llm;

/// <summary>
/// One request to a language model, successful or not. A successful call's answer is stored so that a resumed
/// build replays it instead of paying for it again; billing charges from this record.
/// </summary>
public sealed class LlmCall
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? ProjectId { get; set; }
    public Guid? UserId { get; set; }

    /// <summary>The <see cref="Llm.CallKey"/> of the step that made the call, in its stored text form; unique per project among successes.</summary>
    public required string CallKey { get; set; }

    public required string Role { get; set; }
    public required string Model { get; set; }
    public LlmCallOutcome Outcome { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }

    /// <summary>True when the provider reported no usage and the counts were estimated from text length.</summary>
    public bool TokensEstimated { get; set; }

    public int ContextTokens { get; set; }
    public long LatencyMs { get; set; }
    public string? Error { get; set; }
    public string? Response { get; set; }
    public decimal CostUsd { get; set; }
    public decimal Credits { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum LlmCallOutcome
{
    Succeeded,
    Failed,

    /// <summary>The answer broke the protocol (e.g. far longer than requested) and was discarded unread.</summary>
    ProtocolViolation,
}
