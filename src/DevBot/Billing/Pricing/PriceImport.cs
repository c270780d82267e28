using DevBot.Users;
using DevBot.Audit;
using DevBot.Llm;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Pricing;

/// <summary>
/// What to import: the models named (all must be in the list), or else the configured ones (those in the list), or
/// with <paramref name="All"/> every model the list prices.
/// </summary>
public sealed record PriceImportRequest(Uri Source, IReadOnlyList<string> Models, bool All);

/// <summary>What an import stored and what it could not.</summary>
/// <param name="Imported">The prices now stored (empty when the import refused to store anything).</param>
/// <param name="NotListed">Requested models the list does not have.</param>
/// <param name="NotFixed">Requested models the list has without a fixed per-token price (e.g. a router).</param>
public sealed record PriceImportResult(IReadOnlyList<ModelPrice> Imported, IReadOnlyList<string> NotListed, IReadOnlyList<string> NotFixed)
{
    /// <summary>Every requested model was priced (for named models: nothing was stored otherwise).</summary>
    public bool Complete => NotListed.Count == 0 && NotFixed.Count == 0;
}

/// <summary>
/// Reads prices a provider publishes (OpenRouter's model list) and stores them as operator prices, audited like
/// <c>pricing set</c>, in one transaction.
/// </summary>
public sealed class PriceImport(OpenRouterPriceList openRouter, PriceBook prices, IOptions<LlmOptions> llm)
{
    public const string Provider = "openrouter";

    /// <exception cref="PriceListUnavailableException">The list could not be read.</exception>
    public async Task<PriceImportResult> ImportAsync(PriceImportRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var published = (await openRouter.FetchAsync(request.Source, cancellationToken))
            .DistinctBy(p => p.Model, StringComparer.Ordinal)
            .ToDictionary(p => p.Model, StringComparer.Ordinal);
        var named = request.Models.Select(m => m.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var wanted = request.All ? published.Values.Where(p => p.IsFixed).Select(p => p.Model).Order(StringComparer.Ordinal).ToList()
            : named.Count > 0 ? named
            : llm.Value.RoleModels().Select(m => m.Model).Distinct(StringComparer.Ordinal).ToList();

        var notListed = wanted.Where(m => !published.ContainsKey(m)).ToList();
        var notFixed = wanted.Where(m => published.TryGetValue(m, out var p) && !p.IsFixed).ToList();
        var changes = wanted
            .Where(m => published.TryGetValue(m, out var p) && p.IsFixed)
            .Select(m => published[m])
            .Select(p => new PriceChange(p.Model, p.InputUsdPerMillion!.Value, p.OutputUsdPerMillion!.Value, Provider))
            .ToList();

        // Models the operator named are all or nothing: a typo must not leave half of what was asked for priced.
        var refuse = named.Count > 0 && !request.All && (notListed.Count > 0 || notFixed.Count > 0);
        var imported = refuse || changes.Count == 0
            ? []
            : await prices.ImportAsync(changes, actor, request.Source, cancellationToken);
        return new PriceImportResult(imported, notListed, notFixed);
    }
}
