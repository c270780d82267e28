using DevBot.Jobs;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Projects;

// Relationships are declared where rows are saved together, so EF orders the inserts the way the schema's
// foreign keys require (a project before its first job and event).
internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId);
        builder.HasMany<Job>().WithOne().HasForeignKey(j => j.ProjectId);
    }
}

internal sealed class ProjectTaskConfiguration : IEntityTypeConfiguration<ProjectTask>
{
    public void Configure(EntityTypeBuilder<ProjectTask> builder)
    {
        builder.ToTable("project_tasks");
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId);
    }
}

internal sealed class ProjectFileConfiguration : IEntityTypeConfiguration<ProjectFile>
{
    public void Configure(EntityTypeBuilder<ProjectFile> builder)
    {
        builder.ToTable("project_files");
        builder.HasOne<Project>().WithMany().HasForeignKey(f => f.ProjectId);
    }
}

internal sealed class ProjectEventConfiguration : IEntityTypeConfiguration<ProjectEvent>
{
    public void Configure(EntityTypeBuilder<ProjectEvent> builder)
    {
        builder.ToTable("project_events");
        builder.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId);
    }
}
