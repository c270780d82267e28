using DevBot.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>
/// A message waiting to go out. Rows are written in the transaction of whatever caused them, and sent in id
/// order per chat by the one rate-limited sender, so nothing is lost across restarts or sent out of order.
/// </summary>
internal sealed class OutboxMessage
{
    public long Id { get; set; }
    public long ChatId { get; set; }
    public OutboxKind Kind { get; set; }
    public Guid? ProjectId { get; set; }

    /// <summary>JSON of the kind's payload record.</summary>
    public required string Payload { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NotBefore { get; set; }
    public string? LastError { get; set; }
    public long? SentMessageId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

internal enum OutboxKind
{
    /// <summary>A new message (split when longer than Telegram allows).</summary>
    Message,

    /// <summary>The project's progress message: sent the first time, edited in place afterwards.</summary>
    Progress,

    /// <summary>The project's ZIP as a document (or a download link when too large for Telegram).</summary>
    Archive,

    /// <summary>A message holding a secret (an API key): its payload is wiped once it is sent.</summary>
    SecretMessage,

    /// <summary>An invoice payable in Telegram Stars.</summary>
    Invoice,
}

internal enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>A newer progress text for the same message replaced this one before it went out.</summary>
    Superseded,

    /// <summary>Telegram refused it for good (chat gone, bot blocked) or it failed too many times.</summary>
    Failed,
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("telegram_outbox");
        builder.HasKey(m => m.Id);
        builder.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId);
    }
}
