using DevBot.Projects;
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

    /// <summary>
    /// The project this chat is working on (set when a build is confirmed or delivered, a change is asked for, or the
    /// user picks one): <c>/change</c> and the change prompt act on it. Forgotten after <c>CHAT_MEMORY_DAYS</c>.
    /// </summary>
    public Guid? CurrentProjectId { get; set; }

    /// <summary>When the current project was last set or used; the memory lasts <c>CHAT_MEMORY_DAYS</c> from here.</summary>
    public DateTime? CurrentProjectAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal enum DialogueState
{
    Idle,

    /// <summary>After a bare <c>/new</c>: the next message is the description.</summary>
    AwaitingDescription,

    /// <summary>A description is drafted; the stack buttons (which also confirm) are showing.</summary>
    AwaitingStack,

    /// <summary>After "Change…": the next plain message is a change of the current project.</summary>
    AwaitingChange,
}

internal sealed class ChatDialogueConfiguration : IEntityTypeConfiguration<ChatDialogue>
{
    public void Configure(EntityTypeBuilder<ChatDialogue> builder)
    {
        builder.ToTable("telegram_chat_dialogues");
        builder.HasKey(d => d.ChatId);
        builder.Property(d => d.ChatId).ValueGeneratedNever();
        builder.HasOne<Project>().WithMany().HasForeignKey(d => d.CurrentProjectId).OnDelete(DeleteBehavior.SetNull);
    }
}
