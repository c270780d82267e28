using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Projects.Versions;

internal sealed class ProjectVersionConfiguration : IEntityTypeConfiguration<ProjectVersion>
{
    public void Configure(EntityTypeBuilder<ProjectVersion> builder)
    {
        builder.ToTable("project_versions");
        builder.HasKey(v => new { v.ProjectId, v.Version });
        builder.HasOne<Project>().WithMany().HasForeignKey(v => v.ProjectId);
        builder.Ignore(v => v.PathList);
        builder.Ignore(v => v.IsFinished);
    }
}

internal sealed class ProjectBlobConfiguration : IEntityTypeConfiguration<ProjectBlob>
{
    public void Configure(EntityTypeBuilder<ProjectBlob> builder)
    {
        builder.ToTable("project_blobs");
        builder.HasKey(b => new { b.ProjectId, b.Sha256 });
        builder.HasOne<Project>().WithMany().HasForeignKey(b => b.ProjectId);
    }
}

internal sealed class ProjectCommitConfiguration : IEntityTypeConfiguration<ProjectCommit>
{
    public void Configure(EntityTypeBuilder<ProjectCommit> builder)
    {
        builder.ToTable("project_commits");
        builder.HasKey(c => new { c.ProjectId, c.Seq });
        builder.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId);
    }
}

internal sealed class ProjectCommitChangeConfiguration : IEntityTypeConfiguration<ProjectCommitChange>
{
    public void Configure(EntityTypeBuilder<ProjectCommitChange> builder)
    {
        builder.ToTable("project_commit_changes");
        builder.HasKey(c => new { c.ProjectId, c.Seq, c.Path });

        // Saved with their commit: EF orders the inserts the way the foreign key requires.
        builder.HasOne<ProjectCommit>().WithMany().HasForeignKey(c => new { c.ProjectId, c.Seq });
    }
}
