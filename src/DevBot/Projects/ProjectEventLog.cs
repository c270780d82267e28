using DevBot.Data;
using DevBot.Projects.Events;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects;

/// <summary>A build event as read back from the outbox, with its position in it.</summary>
/// <param name="Kind">The stored kind (for an <see cref="UnknownBuildEvent"/>, the name this version does not know).</param>
public sealed record RecordedBuildEvent(long Id, Guid ProjectId, string Kind, BuildEvent Event, DateTime CreatedAt);

/// <summary>
/// The <c>project_events</c> outbox. Events are appended inside the caller's unit of work, so they commit with the
/// state change they describe; readers (SSE, Telegram, the CLI) get them back typed, in commit-id order.
/// </summary>
public sealed class ProjectEventLog(DevBotDbContext db)
{
    public void Append(Guid projectId, BuildEvent buildEvent, DateTime now) => db.Set<ProjectEvent>().Add(Row(projectId, buildEvent, now));

    /// <summary>The outbox row of an event, for a caller that writes its rows itself (a submission); not tracked.</summary>
    public static ProjectEvent Row(Guid projectId, BuildEvent buildEvent, DateTime now) => new()
    {
        ProjectId = projectId,
        Type = BuildEventJson.KindOf(buildEvent),
        Data = BuildEventJson.Serialize(buildEvent),
        CreatedAt = now,
    };

    /// <summary>The project's events after <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<RecordedBuildEvent>> ReadAsync(Guid projectId, long after, int take, CancellationToken cancellationToken) =>
        Typed(await db.Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId && e.Id > after)
            .OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken));

    /// <summary>Every project's events after <paramref name="after"/>, oldest first (for relays that follow the whole outbox).</summary>
    public async Task<IReadOnlyList<RecordedBuildEvent>> ReadAllAsync(long after, int take, CancellationToken cancellationToken) =>
        Typed(await db.Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.Id > after)
            .OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken));

    public Task<bool> AnyAfterAsync(long after, CancellationToken cancellationToken) =>
        db.Set<ProjectEvent>().AnyAsync(e => e.Id > after, cancellationToken);

    /// <summary>The id of the newest event of any project (0 when there is none).</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken) =>
        await db.Set<ProjectEvent>().MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;

    /// <summary>The projects with events after <paramref name="after"/>, and the newest of those events' ids (<paramref name="after"/> when none).</summary>
    public async Task<(IReadOnlyList<Guid> Projects, long Latest)> ProjectsWithEventsAfterAsync(long after, CancellationToken cancellationToken)
    {
        var rows = await db.Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.Id > after)
            .GroupBy(e => e.ProjectId)
            .Select(g => new { ProjectId = g.Key, Latest = g.Max(e => e.Id) })
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? ([], after) : (rows.Select(r => r.ProjectId).ToList(), rows.Max(r => r.Latest));
    }

    /// <summary>The project's most recent event of one kind, or null.</summary>
    public async Task<TEvent?> LatestAsync<TEvent>(Guid projectId, CancellationToken cancellationToken)
        where TEvent : BuildEvent
    {
        var kind = BuildEventJson.KindOf<TEvent>();
        var row = await db.Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId && e.Type == kind)
            .OrderByDescending(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : BuildEventJson.Deserialize(row.Type, row.Data) as TEvent;
    }

    /// <summary>The id just before the project's latest "queued" event (its first build's, or a change's): where following it begins.</summary>
    public async Task<long> BeforeLatestStartAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var starts = new[] { BuildEventJson.KindOf<BuildQueued>(), BuildEventJson.KindOf<ChangeQueued>() };
        var latest = await db.Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId && starts.Contains(e.Type))
            .MaxAsync(e => (long?)e.Id, cancellationToken);
        return latest is { } id ? id - 1 : 0;
    }

    // A kind from a newer version reads as UnknownBuildEvent: readers skip it, cursors still move past it.
    private static List<RecordedBuildEvent> Typed(List<ProjectEvent> rows) =>
        rows.Select(row => new RecordedBuildEvent(
            row.Id, row.ProjectId, row.Type, BuildEventJson.Deserialize(row.Type, row.Data) ?? new UnknownBuildEvent(row.Type), row.CreatedAt)).ToList();
}
