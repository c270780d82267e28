using DevBot.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Retrieval.Indexing;

internal sealed class IndexedProjectConfiguration : IEntityTypeConfiguration<IndexedProject>
{
    public void Configure(EntityTypeBuilder<IndexedProject> builder)
    {
        builder.ToTable("retrieval_projects");
        builder.HasKey(p => p.ProjectId);
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId);
    }
}

internal sealed class IndexedFileConfiguration : IEntityTypeConfiguration<IndexedFile>
{
    public void Configure(EntityTypeBuilder<IndexedFile> builder)
    {
        builder.ToTable("retrieval_files");
        builder.HasKey(f => new { f.ProjectId, f.Path });
        builder.HasOne<Project>().WithMany().HasForeignKey(f => f.ProjectId);
    }
}

internal sealed class StoredChunkConfiguration : IEntityTypeConfiguration<StoredChunk>
{
    public void Configure(EntityTypeBuilder<StoredChunk> builder)
    {
        builder.ToTable("retrieval_chunks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<IndexedFile>().WithMany().HasForeignKey(c => new { c.ProjectId, c.Path });
    }
}

internal sealed class StoredEmbeddingConfiguration : IEntityTypeConfiguration<StoredEmbedding>
{
    public void Configure(EntityTypeBuilder<StoredEmbedding> builder)
    {
        builder.ToTable("retrieval_embeddings");
        builder.HasKey(e => new { e.Model, e.ContentHash });
    }
}
