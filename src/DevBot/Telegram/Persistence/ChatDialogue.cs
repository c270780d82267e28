using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>Where one chat's conversation stands between two messages.</summary>
internal sealed class ChatDialogue
{
    public long ChatId { get; set; }
    public DialogueState State { get; set; }

    /// <summary>Names the draft the stack buttons belong to, so a stale button never builds a newer draft.</summary>
    public string? DraftId { get; set; }

    public string? DraftDescription { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal enum DialogueState
{
    Idle,

    /// <summary>After a bare <c>/new</c>: the next message is the description.</summary>
    AwaitingDescription,

    /// <summary>A description is drafted; the stack buttons (which also confirm) are showing.</summary>
    AwaitingStack,
}

internal sealed class ChatDialogueConfiguration : IEntityTypeConfiguration<ChatDialogue>
{
    public void Configure(EntityTypeBuilder<ChatDialogue> builder)
    {
        builder.ToTable("telegram_chat_dialogues");
        builder.HasKey(d => d.ChatId);
        builder.Property(d => d.ChatId).ValueGeneratedNever();
    }
}
