using DevBot.Data;

namespace DevBot.Llm;

/// <summary>
/// Lets metering take part in every call: it may refuse a call before it is made, and it records the
/// charge for a successful call in the same transaction that stores the answer.
/// </summary>
public interface ILlmUsageHook
{
    /// <summary>Throws (e.g. an out-of-credits exception) to stop the call before anything is spent.</summary>
    Task BeforeCallAsync(LlmCallContext context, string model, CancellationToken cancellationToken);

    /// <summary>Adds the charge for <paramref name="call"/> to <paramref name="db"/>; the caller saves both together.</summary>
    Task OnSucceededAsync(DevBotDbContext db, LlmCall call, CancellationToken cancellationToken);
}
