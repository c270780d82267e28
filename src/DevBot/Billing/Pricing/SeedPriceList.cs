using System.Text.Json;
using System.Text.Json.Serialization;

namespace DevBot.Billing.Pricing;

/// <summary>The price list shipped in the binary (<c>model-prices.json</c>, an embedded resource): the table's seed.</summary>
public sealed record SeedPriceList(
    [property: JsonPropertyName("prices_as_of")] string PricesAsOf,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("models")] IReadOnlyList<SeedPrice> Models)
{
    public const string ResourceName = "DevBot.Billing.Pricing.model-prices.json";

    public static SeedPriceList Load()
    {
        using var stream = typeof(SeedPriceList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded price list {ResourceName} is missing from the build.");
        var list = JsonSerializer.Deserialize<SeedPriceList>(stream)
            ?? throw new InvalidOperationException("The embedded price list is empty.");
        var duplicate = list.Models.GroupBy(m => m.Model, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"The embedded price list names {duplicate.Key} twice.");
        }

        return list;
    }
}

public sealed record SeedPrice(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("input")] decimal Input,
    [property: JsonPropertyName("output")] decimal Output);
