using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Billing.Pricing;

/// <summary>A model's list price, by the model name the gateway sends (e.g. <c>gpt-4o-mini</c>, <c>qwen2.5-coder:7b</c>).</summary>
public sealed class ModelPrice
{
    public required string Model { get; set; }
    public required string Provider { get; set; }
    public decimal InputUsdPerMillion { get; set; }
    public decimal OutputUsdPerMillion { get; set; }

    /// <summary>An inactive price is as good as none: calls to the model are refused.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Seed prices follow the shipped price list on upgrade; an operator's price is never overwritten.</summary>
    public PriceSource Source { get; set; }

    public DateTime UpdatedAt { get; set; }

    public ModelRate ToRate() => new(Model, InputUsdPerMillion, OutputUsdPerMillion);
}

public enum PriceSource
{
    Seed,
    Operator,
}

internal sealed class ModelPriceConfiguration : IEntityTypeConfiguration<ModelPrice>
{
    public void Configure(EntityTypeBuilder<ModelPrice> builder)
    {
        builder.ToTable("model_prices");
        builder.HasKey(p => p.Model);
    }
}
