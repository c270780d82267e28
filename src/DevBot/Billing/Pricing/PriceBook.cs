using DevBot.Audit;
using DevBot.Users;
using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Billing.Pricing;

/// <summary>The model prices in the database: lookups for metering, changes by operators (audited), the seed.</summary>
public sealed class PriceBook(DevBotDbContext db, AuditTrail audit, TimeProvider time)
{
    public const decimal MaxUsdPerMillion = 100_000m;

    private DbSet<ModelPrice> Prices => db.Set<ModelPrice>();

    /// <summary>The active price of <paramref name="model"/>, or null when it has none (calls to it must be refused).</summary>
    public async Task<ModelRate?> FindActiveAsync(string model, CancellationToken cancellationToken)
    {
        var price = await Prices.AsNoTracking().FirstOrDefaultAsync(p => p.Model == model && p.Active, cancellationToken);
        return price?.ToRate();
    }

    public async Task<IReadOnlyList<ModelPrice>> ListAsync(CancellationToken cancellationToken) =>
        await Prices.AsNoTracking().OrderBy(p => p.Provider).ThenBy(p => p.Model).ToListAsync(cancellationToken);

    /// <summary>Sets (or adds) a model's price as an operator price, which a later seed never overwrites.</summary>
    public async Task<ModelPrice> SetAsync(PriceChange change, Actor actor, CancellationToken cancellationToken)
    {
        var price = await ApplyAsync(change, actor, "pricing.set", source: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return price;
    }

    /// <summary>
    /// Sets the prices read from a provider's published list as operator prices, each audited, all in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<ModelPrice>> ImportAsync(IReadOnlyList<PriceChange> changes, Actor actor, Uri source, CancellationToken cancellationToken)
    {
        var stored = new List<ModelPrice>(changes.Count);
        foreach (var change in changes)
        {
            stored.Add(await ApplyAsync(change, actor, "pricing.import", source, cancellationToken));
        }

        await db.SaveChangesAsync(cancellationToken);
        return stored;
    }

    private async Task<ModelPrice> ApplyAsync(PriceChange change, Actor actor, string action, Uri? source, CancellationToken cancellationToken)
    {
        var errors = change.Validate();
        if (errors.Count > 0)
        {
            throw new PriceChangeException(errors);
        }

        var model = change.Model.Trim();
        var price = await Prices.FirstOrDefaultAsync(p => p.Model == model, cancellationToken);
        var before = price is null ? null : new { price.Provider, price.InputUsdPerMillion, price.OutputUsdPerMillion, price.Active };
        if (price is null)
        {
            price = new ModelPrice { Model = model, Provider = change.Provider?.Trim() ?? PriceChange.GuessProvider(model) };
            Prices.Add(price);
        }
        else if (!string.IsNullOrWhiteSpace(change.Provider))
        {
            price.Provider = change.Provider.Trim();
        }

        price.InputUsdPerMillion = change.InputUsdPerMillion;
        price.OutputUsdPerMillion = change.OutputUsdPerMillion;
        price.Active = change.Active;
        price.Source = PriceSource.Operator;
        price.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Add(db, actor, action, new
        {
            model,
            before,
            after = new { price.Provider, price.InputUsdPerMillion, price.OutputUsdPerMillion, price.Active },
            source = source?.ToString(),
        });
        return price;
    }

    /// <summary>
    /// Adds the shipped prices of models the table lacks, and brings seed prices up to the shipped list;
    /// operator prices stay as they are. Safe to run from several processes at once.
    /// </summary>
    public async Task<int> SeedAsync(SeedPriceList list, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ApplySeedAsync(list, cancellationToken);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another process seeded the same rows first; its rows are now there to compare against.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<int> ApplySeedAsync(SeedPriceList list, CancellationToken cancellationToken)
    {
        var existing = await Prices.ToDictionaryAsync(p => p.Model, StringComparer.Ordinal, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = 0;
        foreach (var seed in list.Models)
        {
            if (!existing.TryGetValue(seed.Model, out var price))
            {
                Prices.Add(new ModelPrice
                {
                    Model = seed.Model,
                    Provider = seed.Provider,
                    InputUsdPerMillion = seed.Input,
                    OutputUsdPerMillion = seed.Output,
                    Source = PriceSource.Seed,
                    UpdatedAt = now,
                });
                changed++;
            }
            else if (price.Source == PriceSource.Seed
                && (price.InputUsdPerMillion != seed.Input || price.OutputUsdPerMillion != seed.Output || price.Provider != seed.Provider))
            {
                price.Provider = seed.Provider;
                price.InputUsdPerMillion = seed.Input;
                price.OutputUsdPerMillion = seed.Output;
                price.UpdatedAt = now;
                changed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }
}

/// <summary>An operator's new price for a model, in USD per million tokens.</summary>
public sealed record PriceChange(string Model, decimal InputUsdPerMillion, decimal OutputUsdPerMillion, string? Provider = null, bool Active = true)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Model) || Model.Trim().Length > 200)
        {
            errors["model"] = ["Name the model exactly as LLM_MODEL sends it (1 to 200 characters)."];
        }

        CheckPrice(errors, "inputUsdPerMillion", InputUsdPerMillion);
        CheckPrice(errors, "outputUsdPerMillion", OutputUsdPerMillion);
        if (Provider is { } provider && provider.Trim().Length is 0 or > 100)
        {
            errors["provider"] = ["The provider name must be 1 to 100 characters."];
        }

        return errors;
    }

    /// <summary>A provider label for a model named without one: OpenRouter ids have a slash, Ollama tags a colon.</summary>
    public static string GuessProvider(string model) =>
        model.Contains('/', StringComparison.Ordinal) ? "openrouter"
        : model.Contains(':', StringComparison.Ordinal) ? "ollama"
        : "custom";

    private static void CheckPrice(Dictionary<string, string[]> errors, string field, decimal value)
    {
        if (value < 0 || value > PriceBook.MaxUsdPerMillion || decimal.Round(value, CreditMath.UsdDecimals) != value)
        {
            errors[field] = [$"A price is USD per million tokens, from 0 to {PriceBook.MaxUsdPerMillion}, with at most {CreditMath.UsdDecimals} decimals."];
        }
    }
}

public sealed class PriceChangeException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.Values.SelectMany(v => v)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
