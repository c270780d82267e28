using System.Globalization;
using System.Text.Json;
using DevBot.Data;
using DevBot.Shared;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Audit;

/// <summary>
/// Which entries to read. <see cref="UserId"/> matches the user who acted or the user the action concerned;
/// <see cref="Action"/> is an exact action, or a prefix when it ends with a dot (<c>apikey.</c>);
/// the time range is <see cref="From"/> inclusive to <see cref="To"/> exclusive.
/// </summary>
public sealed record AuditFilter(Guid? UserId = null, string? Action = null, DateTime? From = null, DateTime? To = null)
{
    public const int MaxActionLength = 100;

    /// <summary>Null when the filter makes sense; else a sentence saying what is wrong.</summary>
    public string? Problem() => this switch
    {
        { Action.Length: > MaxActionLength } => $"action must be at most {MaxActionLength} characters.",
        { Action: { } action } when UserText.Problem(action, "action", multiline: false) is { } problem => problem,
        { From: { } from, To: { } to } when from >= to => "from must be earlier than to.",
        _ => null,
    };

    /// <summary>Binds a cursor to this filter: a cursor from a differently filtered list is refused, not misread.</summary>
    public string CursorScope() => string.Create(CultureInfo.InvariantCulture, $"audit|{UserId}|{Action}|{From?.Ticks}|{To?.Ticks}");
}

/// <summary>One audit entry as an administrator reads it.</summary>
public sealed record AuditEntryView(Guid Id, DateTime CreatedAt, string Actor, Guid? UserId, Guid? SubjectUserId, string Action, JsonElement Details);

/// <summary>Reads the audit log newest first, filtered and paged by keyset (created_at, id): each page is one index range.</summary>
public sealed class AuditQueries(DevBotDbContext db)
{
    public async Task<Page<AuditEntryView>> PageAsync(AuditFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var entries = db.Set<AuditEntry>().AsNoTracking();
        if (filter.UserId is { } userId)
        {
            entries = entries.Where(e => e.UserId == userId || e.SubjectUserId == userId);
        }

        if (filter.Action is { Length: > 0 } action)
        {
            entries = action.EndsWith('.') ? entries.Where(e => e.Action.StartsWith(action)) : entries.Where(e => e.Action == action);
        }

        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            entries = entries.Where(e => e.CreatedAt < to);
        }

        if (page.After is { } after)
        {
            entries = entries.Where(e => e.CreatedAt < after.CreatedAt || (e.CreatedAt == after.CreatedAt && e.Id.CompareTo(after.Id) < 0));
        }

        var rows = await entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return page.ToPage(rows, e => new PagePosition(e.CreatedAt, e.Id), View, filter.CursorScope());
    }

    private static AuditEntryView View(AuditEntry entry)
    {
        using var details = JsonDocument.Parse(entry.Details);
        return new AuditEntryView(entry.Id, entry.CreatedAt, entry.Actor, entry.UserId, entry.SubjectUserId, entry.Action, details.RootElement.Clone());
    }
}
