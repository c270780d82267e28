using DevBot.Llm;

namespace DevBot.Agents;

/// <summary>
/// How agents reach a model. The pipeline supplies it: around every call it replays a stored answer, checks the
/// job's lease and asks the budget, so an agent never decides whether a call may be made — it only learns that
/// the build stopped.
/// </summary>
public interface IModelCaller
{
    Task<ModelReply> AskAsync(ModelRequest request, CancellationToken cancellationToken);
}

/// <param name="ContextTokens">Tokens of retrieved code in the prompt (recorded with the call).</param>
public sealed record ModelRequest(AgentRole Role, CallKey Key, IReadOnlyList<LlmMessage> Messages, LlmJsonSchema? Schema, int ContextTokens = 0);

/// <summary>Why no call was made: the caller decides what the build does next.</summary>
public enum ModelStopKind
{
    /// <summary>The budget has no room for the call (build cap or balance): the build waits for credits.</summary>
    Paused,

    /// <summary>The call may never be made as configured (e.g. the model has no price): the build fails.</summary>
    Refused,
}

public sealed record ModelStop(ModelStopKind Kind, string Reason);

/// <summary>A model's answer, or why there is none.</summary>
public abstract record ModelReply
{
    public sealed record Answered(string Text) : ModelReply;

    public sealed record Stopped(ModelStop Stop) : ModelReply;
}

/// <summary>What an agent step produced, or why the build stopped before it could.</summary>
public abstract record AgentResult<T>
{
    public sealed record Done(T Value) : AgentResult<T>;

    public sealed record Stopped(ModelStop Stop) : AgentResult<T>;
}
