using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Delivery;

/// <summary>
/// Follows the <c>project_events</c> outbox with a stored cursor and turns the events of builds started from
/// Telegram into outbox messages. Messages and the cursor move in one transaction: after a restart every event
/// is turned into messages exactly once.
/// </summary>
public sealed class EventRelay(
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
        var seen = await state.GetAsync(TelegramStateValue.EventsCursor, cancellationToken) ?? 0;
        if (!await db.Set<ProjectEvent>().AnyAsync(e => e.Id > seen, cancellationToken))
        {
            // Checked outside a transaction: on SQLite an idle poll must not take the write lock.
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var cursor = await state.GetAsync(TelegramStateValue.EventsCursor, cancellationToken) ?? 0;
        var batch = await db.Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.Id > cursor)
            .OrderBy(e => e.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var ready = db.IsPostgres ? batch.Take(_gaps.ReadyCount(batch.Select(e => e.Id).ToList(), cursor)).ToList() : batch;
        if (ready.Count == 0)
        {
            return false;
        }

        var projectIds = ready.Select(e => e.ProjectId).Distinct().ToList();
        var chats = await db.Set<ProjectChat>().Where(c => projectIds.Contains(c.ProjectId)).ToDictionaryAsync(c => c.ProjectId, cancellationToken);
        if (chats.Count > 0)
        {
            await AnnounceAsync(services, db, ready, chats, cancellationToken);
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
        IServiceProvider services, DevBotDbContext db, List<ProjectEvent> ready, Dictionary<Guid, ProjectChat> chats, CancellationToken cancellationToken)
    {
        var progress = services.GetRequiredService<ProjectProgress>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var group in ready.Where(e => chats.ContainsKey(e.ProjectId)).GroupBy(e => e.ProjectId))
        {
            var chat = chats[group.Key];
            var project = await db.Set<Project>().AsNoTracking().FirstAsync(p => p.Id == group.Key, cancellationToken);
            foreach (var projectEvent in group)
            {
                progress.Announce(chat, projectEvent, project);
            }

            // One progress update per project per batch, from the state as it is now: a burst of events is one edit.
            var last = group.Last();
            if (group.Any(e => e.Type != ProjectEventLog.Queued))
            {
                var note = group.Select(ProjectProgress.NoteFor).LastOrDefault(n => n is not null);
                await progress.PublishAsync(group.Key, chat.ChatId, note, cancellationToken);
            }

            chat.LastEventType = last.Type;
            chat.UpdatedAt = now;
        }
    }
}
