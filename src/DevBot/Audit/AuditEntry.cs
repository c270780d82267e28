namespace DevBot.Audit;

/// <summary>
/// A privileged or accountable action (a key issued or revoked, credits granted or bought, a price changed, a
/// project created or cancelled, an admin command), written in the same transaction as the action itself so that
/// there is never an unaudited change.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The DevBot user who acted, when there is one (an operator at the CLI or a payment provider has none).</summary>
    public Guid? UserId { get; set; }

    /// <summary>Who acted, in words: <c>api:&lt;user id&gt;</c>, <c>cli</c>, <c>telegram:&lt;telegram id&gt;</c>, <c>stripe</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>The user the action concerned (a key's owner, the credited user, the project's owner), when there is one.</summary>
    public Guid? SubjectUserId { get; set; }

    /// <summary>Dotted name of the action, e.g. <c>pricing.set</c>, <c>credits.grant</c>, <c>apikey.revoked</c>.</summary>
    public required string Action { get; set; }

    /// <summary>JSON object with the action's details (never secrets).</summary>
    public required string Details { get; set; }

    public DateTime CreatedAt { get; set; }
}
