using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Persistence;

/// <summary>A named position the bot resumes from after a restart.</summary>
internal sealed class TelegramStateValue
{
    /// <summary>The next getUpdates offset (last handled update_id + 1).</summary>
    public const string PollingOffset = "polling_offset";

    /// <summary>The id of the last project_events row turned into Telegram messages.</summary>
    public const string EventsCursor = "events_cursor";

    public required string Key { get; set; }
    public long Value { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class TelegramStateValueConfiguration : IEntityTypeConfiguration<TelegramStateValue>
{
    public void Configure(EntityTypeBuilder<TelegramStateValue> builder)
    {
        builder.ToTable("telegram_state");
        builder.HasKey(s => s.Key);
    }
}
