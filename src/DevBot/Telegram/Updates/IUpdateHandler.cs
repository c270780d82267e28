using Telegram.Bot.Types;

namespace DevBot.Telegram.Updates;

/// <summary>
/// Handles one update inside the dispatcher's transaction: everything it writes (replies go to the outbox)
/// commits together with the update's dedupe marker, or not at all.
/// </summary>
internal interface IUpdateHandler
{
    Task HandleAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken);
}

/// <summary>What the dispatcher does once the handling transaction has committed.</summary>
internal sealed class UpdateEffects
{
    /// <summary>The short notice shown on the button the user pressed (every callback query is answered).</summary>
    public string? CallbackAnswer { get; set; }

    /// <summary>
    /// The answer to a pre-checkout query (Telegram Stars): null approves the payment, a sentence refuses it. Every
    /// pre-checkout query is answered, after the commit, within Telegram's 10 seconds.
    /// </summary>
    public string? PreCheckoutRefusal { get; set; }

    /// <summary>A build was queued or resumed: wake the workers now that it is visible to them.</summary>
    public bool WorkQueued { get; set; }

    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _afterCommit = [];

    internal IReadOnlyList<Func<IServiceProvider, CancellationToken, Task>> AfterCommitActions => _afterCommit;

    /// <summary>
    /// Work that must not hold the update's transaction (and SQLite's write lock) open, such as a call to the
    /// payment provider. It runs once the update is committed, in a scope of its own; messages it adds to the
    /// outbox are saved after it. If the process dies in between, the user asks again: nothing was paid yet.
    /// </summary>
    public void AfterCommit(Func<IServiceProvider, CancellationToken, Task> action) => _afterCommit.Add(action);
}
