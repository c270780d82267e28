using DevBot.Data;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Conversation;

/// <summary>
/// What a chat remembers between messages: where its dialogue stands, the project it is working on (forgotten
/// <c>CHAT_MEMORY_DAYS</c> after it was last set or used), and which project each of the bot's messages was about.
/// </summary>
internal sealed class ChatMemory(DevBotDbContext db, IOptions<TelegramOptions> options, TimeProvider time)
{
    /// <summary>The chat's dialogue row, tracked (a new one is added to the unit of work the first time).</summary>
    public async Task<ChatDialogue> DialogueAsync(long chatId, CancellationToken cancellationToken)
    {
        // Find sees a row added earlier in this update too, where a query would not.
        var dialogue = await db.Set<ChatDialogue>().FindAsync([chatId], cancellationToken);
        if (dialogue is null)
        {
            dialogue = new ChatDialogue { ChatId = chatId, State = DialogueState.Idle, UpdatedAt = time.GetUtcNow().UtcDateTime };
            db.Set<ChatDialogue>().Add(dialogue);
        }

        return dialogue;
    }

    /// <summary>Where the dialogue stands, draft and pending change cleared.</summary>
    public void Reset(ChatDialogue dialogue, DialogueState state)
    {
        dialogue.State = state;
        dialogue.DraftId = null;
        dialogue.DraftDescription = null;
        dialogue.UpdatedAt = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>Makes the project the chat's current one, from now on.</summary>
    public async Task RememberAsync(long chatId, Guid projectId, CancellationToken cancellationToken)
    {
        var dialogue = await DialogueAsync(chatId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        dialogue.CurrentProjectId = projectId;
        dialogue.CurrentProjectAt = now;
        dialogue.UpdatedAt = now;
    }

    /// <summary>The chat's current project, or null when it has none or has forgotten it.</summary>
    public async Task<Guid?> CurrentAsync(long chatId, CancellationToken cancellationToken)
    {
        var dialogue = await db.Set<ChatDialogue>().FindAsync([chatId], cancellationToken);
        return dialogue?.CurrentProjectId is { } projectId && Remembers(dialogue.CurrentProjectAt, time.GetUtcNow().UtcDateTime, options.Value.ChatMemory)
            ? projectId
            : null;
    }

    /// <summary>The rule: a current project set (or last used) at <paramref name="setAt"/> is remembered for <paramref name="memory"/>.</summary>
    public static bool Remembers(DateTime? setAt, DateTime now, TimeSpan memory) => setAt is { } at && now - at < memory;

    /// <summary>
    /// Forgets every current project older than the memory allows (the housekeeping's part; reading applies the same
    /// rule, so nothing depends on when this runs). A chat still waiting for a change text then has no project to apply it to.
    /// </summary>
    public Task<int> ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().UtcDateTime - options.Value.ChatMemory;
        return db.Set<ChatDialogue>()
            .Where(d => d.CurrentProjectId != null && (d.CurrentProjectAt == null || d.CurrentProjectAt <= before))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.CurrentProjectId, (Guid?)null)
                .SetProperty(d => d.CurrentProjectAt, (DateTime?)null), cancellationToken);
    }

    /// <summary>
    /// The project one of the bot's messages in this chat was about (its progress message, its ZIP, a notice about
    /// it), or null for any other message. Sent messages are kept 30 days (see housekeeping); progress messages for good.
    /// </summary>
    public async Task<Guid?> ProjectOfMessageAsync(long chatId, long messageId, CancellationToken cancellationToken)
    {
        var fromOutbox = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.ChatId == chatId && m.SentMessageId == messageId && m.ProjectId != null)
            .OrderByDescending(m => m.Id)
            .Select(m => m.ProjectId)
            .FirstOrDefaultAsync(cancellationToken);
        return fromOutbox ?? await db.Set<ProjectChat>().AsNoTracking()
            .Where(c => c.ChatId == chatId && c.ProgressMessageId == messageId)
            .Select(c => (Guid?)c.ProjectId)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
