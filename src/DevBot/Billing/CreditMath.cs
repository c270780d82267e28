namespace DevBot.Billing;

/// <summary>A model's list price in USD per million tokens.</summary>
public sealed record ModelRate(string Model, decimal InputUsdPerMillion, decimal OutputUsdPerMillion, bool Priced = true)
{
    public static ModelRate Unpriced(string model) => new(model, 0m, 0m, Priced: false);
}

/// <summary>What one call cost: USD (8 decimals) and the credits charged for it (6 decimals).</summary>
public sealed record UsageCharge(decimal CostUsd, decimal Credits)
{
    public long CreditMicros => CreditAmount.ToMicros(Credits);
}

/// <summary>
/// Token usage → USD → credits, all in <see cref="decimal"/>.
/// <para>Rounding rule: the exact decimal result is rounded once, at the end, half away from zero
/// (<see cref="MidpointRounding.AwayFromZero"/>, "receipt rounding"): USD cost to 8 decimals (the column's
/// precision), credits to 6 decimals (one micro-credit). Credits are computed from the unrounded USD cost, so the
/// two roundings never compound. Half away from zero was chosen over banker's rounding so that the same usage is
/// always charged the same, whatever the parity of the last digit, and a half micro-credit is charged rather than
/// given away.</para>
/// </summary>
public static class CreditMath
{
    public const int UsdDecimals = 8;
    private const decimal TokensPerPriceUnit = 1_000_000m;

    public static UsageCharge Charge(ModelRate rate, long promptTokens, long completionTokens, BillingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(completionTokens);
        var exactUsd = ((promptTokens * rate.InputUsdPerMillion) + (completionTokens * rate.OutputUsdPerMillion)) / TokensPerPriceUnit;
        var exactCredits = exactUsd * options.MarkupFactor / options.CreditValueUsd;
        return new UsageCharge(
            decimal.Round(exactUsd, UsdDecimals, MidpointRounding.AwayFromZero),
            RoundCredits(exactCredits));
    }

    public static decimal RoundCredits(decimal credits) => decimal.Round(credits, CreditAmount.Decimals, MidpointRounding.AwayFromZero);
}
