namespace DevBot.Llm;

/// <summary>Who a call is for and which step makes it; the call key makes the step's answer replayable.</summary>
/// <param name="MaxOutputTokens">The completion tokens requested: the answer may not be longer, nor charged as longer.</param>
/// <param name="ContextTokens">Tokens of retrieved code in the prompt (recorded with the call).</param>
public sealed record LlmCallContext(Guid? ProjectId, Guid? UserId, CallKey Key, LlmRole Role, int MaxOutputTokens, int ContextTokens = 0);

/// <summary>An answer, and whether it was replayed from storage (no new request, nothing charged).</summary>
public sealed record LlmAnswer(string Text, Guid CallId, bool Replayed);
