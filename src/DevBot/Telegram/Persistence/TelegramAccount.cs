using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>A Telegram user and the DevBot user they act as; the chat is where the bot talks to them.</summary>
internal sealed class TelegramAccount
{
    public long TelegramUserId { get; set; }
    public Guid UserId { get; set; }
    public long ChatId { get; set; }
    public string? Username { get; set; }
    public required string DisplayName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class TelegramAccountConfiguration : IEntityTypeConfiguration<TelegramAccount>
{
    public void Configure(EntityTypeBuilder<TelegramAccount> builder)
    {
        builder.ToTable("telegram_accounts");
        builder.HasKey(a => a.TelegramUserId);
        builder.Property(a => a.TelegramUserId).ValueGeneratedNever();
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId);
    }
}
