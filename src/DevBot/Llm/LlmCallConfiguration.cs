using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Llm;

/// <summary>
/// Calls are always saved after the project and user they belong to exist, so no relationship is declared here
/// (the schema's foreign keys still hold them).
/// </summary>
internal sealed class LlmCallConfiguration : IEntityTypeConfiguration<LlmCall>
{
    public void Configure(EntityTypeBuilder<LlmCall> builder) => builder.ToTable("llm_calls");
}
