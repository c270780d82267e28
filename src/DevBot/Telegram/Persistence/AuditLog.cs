using System.Text.Json;
using DevBot.Data;

namespace DevBot.Telegram.Persistence;

/// <summary>Adds audit entries to the caller's unit of work, so the record commits with what it records.</summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Add(DevBotDbContext db, Guid? userId, string actor, string action, object details, DateTime now) =>
        db.Set<AuditLogEntry>().Add(new AuditLogEntry
        {
            UserId = userId,
            Actor = actor,
            Action = action,
            Details = JsonSerializer.Serialize(details, Json),
            CreatedAt = now,
        });
}
