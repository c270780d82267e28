using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>An update already handled; written in the handling's own transaction.</summary>
internal sealed class ProcessedUpdate
{
    public long UpdateId { get; set; }
    public DateTime ProcessedAt { get; set; }
}

internal sealed class ProcessedUpdateConfiguration : IEntityTypeConfiguration<ProcessedUpdate>
{
    public void Configure(EntityTypeBuilder<ProcessedUpdate> builder)
    {
        builder.ToTable("telegram_processed_updates");
        builder.HasKey(u => u.UpdateId);
        builder.Property(u => u.UpdateId).ValueGeneratedNever();
    }
}
