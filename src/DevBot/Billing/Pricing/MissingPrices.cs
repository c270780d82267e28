using DevBot.Llm;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Pricing;

/// <summary>A configured model without an active price: builds refuse to call it until it is priced.</summary>
/// <param name="Variables">The variables that chose it (LLM_MODEL, LLM_MODEL_ARCHITECT, …).</param>
public sealed record MissingPrice(string Model, IReadOnlyList<string> Variables)
{
    /// <summary>One sentence: which model, from which variable, and the command that prices it.</summary>
    public string Explain() =>
        $"The model '{Model}' ({string.Join(", ", Variables)}) has no price, so builds will not call it: run {PricingCommands.For(Model)}.";
}

/// <summary>The commands that give a model a price, as an operator types them.</summary>
public static class PricingCommands
{
    /// <summary>
    /// <c>pricing import</c> for ids in OpenRouter's provider/model form (OpenRouter publishes their prices), and
    /// <c>pricing set</c> always (any model, USD per million tokens).
    /// </summary>
    public static string For(string model) => model.Contains('/', StringComparison.Ordinal)
        ? $"'devbot pricing import --model {model}' (OpenRouter's published price) or 'devbot pricing set --model {model} --input USD --output USD'"
        : $"'devbot pricing set --model {model} --input USD --output USD' (USD per million tokens)";
}

/// <summary>Which of the models DevBot is configured to call have no active price (told at start-up and by /health/ready).</summary>
public sealed class MissingPrices(PriceBook prices, IOptions<LlmOptions> llm)
{
    public async Task<IReadOnlyList<MissingPrice>> FindAsync(CancellationToken cancellationToken)
    {
        var missing = new List<MissingPrice>();
        foreach (var model in llm.Value.RoleModels().GroupBy(m => m.Model, StringComparer.Ordinal))
        {
            if (await prices.FindActiveAsync(model.Key, cancellationToken) is null)
            {
                missing.Add(new MissingPrice(model.Key, model.Select(m => m.Variable).Distinct().ToList()));
            }
        }

        return missing;
    }
}
