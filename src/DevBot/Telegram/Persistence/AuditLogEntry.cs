using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>A use (or refused use) of administrator rights.</summary>
public sealed class AuditLogEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? UserId { get; set; }

    /// <summary>Who acted, e.g. <c>telegram:123456</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>What was attempted, e.g. <c>telegram.admin.stats</c> or <c>telegram.admin.denied</c>.</summary>
    public required string Action { get; set; }

    /// <summary>JSON object with the details.</summary>
    public required string Details { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Id);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).IsRequired(false);
    }
}
