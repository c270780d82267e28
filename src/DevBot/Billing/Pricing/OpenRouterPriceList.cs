using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DevBot.Billing.Pricing;

/// <summary>A model's price as a provider publishes it, converted to USD per million tokens; null prices are not fixed per token.</summary>
public sealed record PublishedPrice(string Model, decimal? InputUsdPerMillion, decimal? OutputUsdPerMillion)
{
    public bool IsFixed => InputUsdPerMillion is not null && OutputUsdPerMillion is not null;
}

/// <summary>Reading a provider's price list failed; the message says what happened and what to try.</summary>
public sealed class PriceListUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// OpenRouter's public model list (<c>GET https://openrouter.ai/api/v1/models</c>, no key needed):
/// <c>{"data": [{"id": "vendor/model", "pricing": {"prompt": "0.000003", "completion": "0.000015", …}, …}]}</c>,
/// prices in USD per token as decimal strings ("-1" for a router whose price depends on the model it picks).
/// </summary>
public sealed class OpenRouterPriceList(HttpClient http)
{
    public const string DefaultUrl = "https://openrouter.ai/api/v1/models";

    /// <summary>The list is about 0.5 MB today; anything far larger is not the list.</summary>
    public const long MaxListBytes = 32 * 1024 * 1024;

    private const decimal TokensPerMillion = 1_000_000m;

    public async Task<IReadOnlyList<PublishedPrice>> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        ModelList? list;
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new PriceListUnavailableException($"{url} answered HTTP {(int)response.StatusCode} instead of the model list.");
            }

            list = await response.Content.ReadFromJsonAsync<ModelList>(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new PriceListUnavailableException($"{url} could not be reached ({ex.HttpRequestError}): check the network, or pass the list's address with --url.", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PriceListUnavailableException($"{url} did not answer in time.", ex);
        }
        catch (JsonException ex)
        {
            throw new PriceListUnavailableException($"{url} did not answer with OpenRouter's model list (not its JSON: {ex.Message}).", ex);
        }

        if (list?.Data is not { } models)
        {
            throw new PriceListUnavailableException($"{url} did not answer with OpenRouter's model list (no \"data\" array).");
        }

        return models
            .Where(m => !string.IsNullOrWhiteSpace(m.Id))
            .Select(m => new PublishedPrice(m.Id!.Trim(), PerMillion(m.Pricing?.Prompt), PerMillion(m.Pricing?.Completion)))
            .ToList();
    }

    /// <summary>USD per token as published → USD per million tokens, to the price table's precision; null when not a fixed price.</summary>
    internal static decimal? PerMillion(string? perToken)
    {
        if (!decimal.TryParse(perToken, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || value < 0 || value > PriceBook.MaxUsdPerMillion / TokensPerMillion)
        {
            return null;
        }

        return decimal.Round(value * TokensPerMillion, CreditMath.UsdDecimals, MidpointRounding.AwayFromZero);
    }

    private sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ListedModel>? Data);

    private sealed record ListedModel(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("pricing")] ListedPricing? Pricing);

    private sealed record ListedPricing(
        [property: JsonPropertyName("prompt")] string? Prompt,
        [property: JsonPropertyName("completion")] string? Completion);
}
