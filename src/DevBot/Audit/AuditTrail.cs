using System.Text.Json;
using DevBot.Data;
using DevBot.Users;

namespace DevBot.Audit;

/// <summary>Adds audit entries to a unit of work; the caller's SaveChanges stores them with the change they describe.</summary>
public sealed class AuditTrail(TimeProvider time)
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    /// <param name="details">A record or anonymous object of the action's facts (never secrets), stored as JSON.</param>
    /// <param name="subjectUserId">The user the action concerned, when it is not (only) the actor.</param>
    public AuditEntry Add(DevBotDbContext db, Actor actor, string action, object details, Guid? subjectUserId = null)
    {
        var entry = Entry(actor, action, details, subjectUserId);
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    /// <summary>An entry for a caller that writes its rows itself (the submission's single command); not tracked.</summary>
    public AuditEntry Entry(Actor actor, string action, object details, Guid? subjectUserId = null) => new()
    {
        UserId = actor.UserId,
        Actor = actor.Name,
        SubjectUserId = subjectUserId,
        Action = action,
        Details = JsonSerializer.Serialize(details, DetailsJson),
        CreatedAt = time.GetUtcNow().UtcDateTime,
    };
}
