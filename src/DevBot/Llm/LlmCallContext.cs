namespace DevBot.Llm;

/// <summary>Who a call is for and which step makes it; the call key makes the step's answer replayable.</summary>
public sealed record LlmCallContext(Guid? ProjectId, Guid? UserId, string CallKey, LlmRole Role, int ContextTokens = 0);

/// <summary>An answer, and whether it was replayed from storage (no new request, nothing charged).</summary>
public sealed record LlmAnswer(string Text, Guid CallId, bool Replayed);
