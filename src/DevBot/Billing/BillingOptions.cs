using System.ComponentModel.DataAnnotations;

namespace DevBot.Billing;

/// <summary>How LLM usage turns into credits, and the limits that keep a build from running away with them.</summary>
public sealed class BillingOptions
{
    /// <summary>Credits every new user starts with (a grant in the ledger).</summary>
    [ConfigurationKeyName("INITIAL_CREDITS")]
    [Range(typeof(decimal), "0", "1000000000", ErrorMessage = "INITIAL_CREDITS must be between {1} and {2}.")]
    public decimal InitialCredits { get; set; } = 100m;

    /// <summary>What one credit is worth in USD.</summary>
    [ConfigurationKeyName("PLATFORM_CREDIT_VALUE_USD")]
    [Range(typeof(decimal), "0.000001", "1000000", ErrorMessage = "PLATFORM_CREDIT_VALUE_USD must be between {1} and {2}.")]
    public decimal CreditValueUsd { get; set; } = 0.01m;

    /// <summary>Multiplier on the provider's price (1 = at cost).</summary>
    [ConfigurationKeyName("MARKUP_FACTOR")]
    [Range(typeof(decimal), "0.000001", "1000", ErrorMessage = "MARKUP_FACTOR must be between {1} and {2}.")]
    public decimal MarkupFactor { get; set; } = 1.5m;

    /// <summary>Credits one build may spend before it pauses for the user's "continue".</summary>
    [ConfigurationKeyName("MAX_CREDITS_PER_BUILD")]
    [Range(typeof(decimal), "0.000001", "1000000000", ErrorMessage = "MAX_CREDITS_PER_BUILD must be between {1} and {2}.")]
    public decimal MaxCreditsPerBuild { get; set; } = 50m;

    /// <summary>Lets calls to models with no price go ahead at cost 0 (each one logs a warning).</summary>
    [ConfigurationKeyName("ALLOW_UNPRICED_MODELS")]
    public bool AllowUnpricedModels { get; set; }
}
