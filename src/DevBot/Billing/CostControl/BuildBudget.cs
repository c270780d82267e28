using DevBot.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Billing.CostControl;

/// <summary>
/// A build's spending limit (<c>MAX_CREDITS_PER_BUILD</c>, raised by each explicit "continue") and why it last
/// paused. A build without a row has the configured default limit.
/// </summary>
internal sealed class BuildBudget
{
    public Guid ProjectId { get; set; }
    public long CapMicros { get; set; }

    /// <summary>How many times the user said "continue"; also the optimistic-concurrency check for raising the cap.</summary>
    public int Continues { get; set; }

    public PauseCause? PausedFor { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The project version the cap belongs to: each change or restore gets <c>MAX_CREDITS_PER_BUILD</c> of its own.</summary>
    public int Version { get; set; } = 1;

    /// <summary>What the project had spent when this version began (the cap counts from there).</summary>
    public long VersionStartMicros { get; set; }
}

public enum PauseCause
{
    /// <summary>The build reached its credit limit: an explicit "continue" raises it.</summary>
    BuildCap,

    /// <summary>The user's balance cannot pay for the next step: a purchase or grant resumes the build.</summary>
    Balance,
}

internal sealed class BuildBudgetConfiguration : IEntityTypeConfiguration<BuildBudget>
{
    public void Configure(EntityTypeBuilder<BuildBudget> builder)
    {
        builder.ToTable("build_budgets");
        builder.HasKey(b => b.ProjectId);
        builder.HasOne<Project>().WithMany().HasForeignKey(b => b.ProjectId);
    }
}
