using DevBot.Data;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Delivery;

/// <summary>
/// Follows the <c>project_events</c> outbox with a stored cursor and turns the events of builds started from
/// Telegram into outbox messages. Messages and the cursor move in one transaction: after a restart every event
/// is turned into messages exactly once.
/// </summary>
internal sealed class EventRelay(
    IServiceScopeFactory scopes,
    TelegramLeadership leadership,
    ProjectEventSignal events,
    OutboxSignal outboxSignal,
    TimeProvider time,
    ILogger<EventRelay> logger) : LeaderLoop(leadership, time, logger)
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly EventIdGaps _gaps = new(time);

    protected override async Task RunRoundAsync(CancellationToken stoppingToken)
    {
        if (!await RelayBatchAsync(stoppingToken))
        {
            await events.WaitAsync(PollInterval, Time, stoppingToken);
        }
    }

    /// <summary>Relays the next events; false when there was nothing (yet) to relay.</summary>
    internal async Task<bool> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<DevBotDbContext>();
        var state = services.GetRequiredService<TelegramState>();
        var eventLog = services.GetRequiredService<ProjectEventLog>();
        var seen = await state.GetAsync(TelegramStateValue.EventsCursor, cancellationToken) ?? 0;
        if (!await eventLog.AnyAfterAsync(seen, cancellationToken))
        {
            // Checked outside a transaction: on SQLite an idle poll must not take the write lock.
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var cursor = await state.GetAsync(TelegramStateValue.EventsCursor, cancellationToken) ?? 0;
        var batch = await eventLog.ReadAllAsync(cursor, BatchSize, cancellationToken);
        var ready = db.IsPostgres ? batch.Take(_gaps.ReadyCount(batch.Select(e => e.Id).ToList(), cursor)).ToList() : batch;
        if (ready.Count == 0)
        {
            return false;
        }

        var projectIds = ready.Select(e => e.ProjectId).Distinct().ToList();
        var chats = await db.Set<ProjectChat>().Where(c => projectIds.Contains(c.ProjectId)).ToDictionaryAsync(c => c.ProjectId, cancellationToken);
        if (chats.Count > 0)
        {
            await AnnounceAsync(services, ready, chats, cancellationToken);
        }

        await state.StageAsync(TelegramStateValue.EventsCursor, ready[^1].Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (chats.Count > 0)
        {
            outboxSignal.Pulse();
        }

        return true;
    }

    private static async Task AnnounceAsync(
        IServiceProvider services, IReadOnlyList<RecordedBuildEvent> ready, Dictionary<Guid, ProjectChat> chats, CancellationToken cancellationToken)
    {
        var progress = services.GetRequiredService<ProjectProgress>();
        var memory = services.GetRequiredService<ChatMemory>();
        var projects = services.GetRequiredService<ProjectQueries>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var group in ready.Where(e => chats.ContainsKey(e.ProjectId)).GroupBy(e => e.ProjectId))
        {
            var chat = chats[group.Key];
            var project = await projects.FindAnyAsync(group.Key, cancellationToken) ?? throw new InvalidOperationException($"Project {group.Key} is gone.");
            var words = progress.WordsFor(chat);
            foreach (var recorded in group)
            {
                if (recorded.Event is ChangeQueued && chat.LastEventType != BuildEventKinds.ChangeQueued)
                {
                    // A new version asked for elsewhere (the API, the CLI): it gets a progress message of its own, and
                    // the last one keeps telling how its version ended. One asked for in this chat has set this up already.
                    chat.ProgressMessageId = null;
                }

                progress.Announce(chat, recorded.Event, project, words);
                if (recorded.Event is BuildCompleted)
                {
                    await memory.RememberAsync(chat.ChatId, project.Id, cancellationToken);
                }

                chat.LastEventType = recorded.Kind;
            }

            // One progress update per project per batch, from the state as it is now: a burst of events is one edit.
            var last = group.Last();
            if (group.Any(e => e.Event is not BuildQueued))
            {
                var note = group.Select(e => ProjectProgress.NoteFor(e.Event, words)).LastOrDefault(n => n is not null);
                await progress.PublishAsync(group.Key, chat.ChatId, note, words, cancellationToken);
            }

            chat.LastEventType = last.Kind;
            chat.UpdatedAt = now;
        }
    }
}
