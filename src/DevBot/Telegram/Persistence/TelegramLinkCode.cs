using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>A one-time code that links a Telegram account to an existing DevBot user; stored as a hash.</summary>
internal sealed class TelegramLinkCode
{
    public required string CodeHash { get; set; }
    public Guid UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public long? UsedByTelegramUserId { get; set; }
}

internal sealed class TelegramLinkCodeConfiguration : IEntityTypeConfiguration<TelegramLinkCode>
{
    public void Configure(EntityTypeBuilder<TelegramLinkCode> builder)
    {
        builder.ToTable("telegram_link_codes");
        builder.HasKey(c => c.CodeHash);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId);
    }
}
