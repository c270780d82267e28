using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");

        // Declared so EF inserts a new user before an entry about them in the same SaveChanges.
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.SubjectUserId);
    }
}
