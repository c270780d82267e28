using DevBot.Data;

namespace DevBot.Llm;

/// <summary>
/// Lets metering record the charge of every successful call in the same transaction that stores the answer.
/// It never decides whether a call is made: that is asked before the call, by the caller.
/// </summary>
public interface ILlmUsageHook
{
    /// <summary>Adds the charge for <paramref name="call"/> to <paramref name="db"/>; the caller saves both together.</summary>
    Task OnSucceededAsync(DevBotDbContext db, LlmCall call, CancellationToken cancellationToken);
}
