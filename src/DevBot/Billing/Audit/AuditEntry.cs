using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using DevBot.Users;

namespace DevBot.Billing.Audit;

/// <summary>
/// A privileged action (price change, credit grant, admin command), written in the same transaction as the
/// action itself so that there is never an unaudited change.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The DevBot user who acted, when there is one (an operator at the CLI has none).</summary>
    public Guid? UserId { get; set; }

    /// <summary>Who acted, in words: <c>api:&lt;user id&gt;</c>, <c>cli</c>, <c>telegram:&lt;telegram id&gt;</c>, <c>stripe</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>Dotted name of the action, e.g. <c>pricing.set</c>, <c>credits.grant</c>.</summary>
    public required string Action { get; set; }

    /// <summary>JSON object with the action's details (never secrets).</summary>
    public required string Details { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId);
    }
}
