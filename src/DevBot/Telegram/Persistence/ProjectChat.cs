using DevBot.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>A build started from Telegram: the chat that hears about it and its one progress message.</summary>
internal sealed class ProjectChat
{
    public Guid ProjectId { get; set; }
    public long ChatId { get; set; }

    /// <summary>Set by the sender once the first progress message is out; later progress edits this message.</summary>
    public long? ProgressMessageId { get; set; }

    public string? LastEventType { get; set; }

    /// <summary>The language the build was asked for in (a code the bot speaks): its progress and ZIP speak it too.</summary>
    public string? Language { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ProjectChatConfiguration : IEntityTypeConfiguration<ProjectChat>
{
    public void Configure(EntityTypeBuilder<ProjectChat> builder)
    {
        builder.ToTable("telegram_project_chats");
        builder.HasKey(p => p.ProjectId);
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId);
    }
}
