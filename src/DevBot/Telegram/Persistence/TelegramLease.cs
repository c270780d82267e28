using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>A named lease: the process holding it runs the bot's singleton loops.</summary>
internal sealed class TelegramLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class TelegramLeaseConfiguration : IEntityTypeConfiguration<TelegramLease>
{
    public void Configure(EntityTypeBuilder<TelegramLease> builder)
    {
        builder.ToTable("telegram_leases");
        builder.HasKey(l => l.Name);
    }
}
