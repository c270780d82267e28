using System.Text.Json;
using DevBot.Data;

namespace DevBot.Billing.Audit;

/// <summary>Adds audit entries to a unit of work; the caller's SaveChanges stores them with the change they describe.</summary>
public sealed class AuditTrail(TimeProvider time)
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public AuditEntry Add(DevBotDbContext db, Actor actor, string action, object details)
    {
        var entry = new AuditEntry
        {
            UserId = actor.UserId,
            Actor = actor.Name,
            Action = action,
            Details = JsonSerializer.Serialize(details, DetailsJson),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }
}

/// <summary>Who performed an action: a DevBot user (over HTTP or Telegram), an operator at the command line, a payment provider.</summary>
public sealed record Actor(Guid? UserId, string Name)
{
    public static readonly Actor CommandLine = new(null, "cli");
    public static readonly Actor Stripe = new(null, "stripe");

    public static Actor Api(Guid userId) => new(userId, $"api:{userId}");

    public static Actor Telegram(Guid userId, long telegramUserId) => new(userId, $"telegram:{telegramUserId}");
}
