using DevBot.Billing;
using DevBot.Billing.Stripe;

namespace DevBot.Tests.Billing;

public sealed class CreditMathTests
{
    private static readonly BillingOptions Defaults = new();

    [Fact]
    public void Usage_is_priced_per_million_tokens_marked_up_and_converted_to_credits_exactly()
    {
        // gpt-4o-mini list price: 0.15 in / 0.60 out per million tokens.
        var charge = CreditMath.Charge(new ModelRate("gpt-4o-mini", 0.15m, 0.60m), promptTokens: 1_000, completionTokens: 500, Defaults);

        charge.CostUsd.ShouldBe(0.00045m);                 // (1000 x 0.15 + 500 x 0.60) / 1e6
        charge.Credits.ShouldBe(0.0675m);                  // 0.00045 x 1.5 / 0.01
        charge.CreditMicros.ShouldBe(67_500);
    }

    [Fact]
    public void Credits_are_rounded_half_away_from_zero_to_six_decimals()
    {
        var atCost = new BillingOptions { MarkupFactor = 1m, CreditValueUsd = 1m };

        // Exactly half a micro-credit (0.0000005): charged, not given away (banker's rounding would give 0).
        CreditMath.Charge(new ModelRate("m", 0.5m, 0m), 1, 0, atCost).Credits.ShouldBe(0.000001m);
        // 2.5 micro-credits rounds to 3 (banker's would give 2).
        CreditMath.Charge(new ModelRate("m", 2.5m, 0m), 1, 0, atCost).Credits.ShouldBe(0.000003m);
        // Just under half a micro-credit rounds down.
        CreditMath.Charge(new ModelRate("m", 0.4999m, 0m), 1, 0, atCost).Credits.ShouldBe(0m);
    }

    [Fact]
    public void Credits_come_from_the_unrounded_usd_cost_so_the_two_roundings_never_compound()
    {
        // 1 token at 0.0014 USD/M costs 0.0000000014 USD: 0.00000000 once rounded to 8 decimals. With a credit
        // worth 0.001 USD it is still charged from the exact amount: 0.0000000014 x 1.5 / 0.001 = 0.0000021 -> 0.000002.
        var charge = CreditMath.Charge(new ModelRate("m", 0.0014m, 0m), 1, 0, new BillingOptions { CreditValueUsd = 0.001m });
        charge.CostUsd.ShouldBe(0m);
        charge.Credits.ShouldBe(0.000002m);
    }

    [Fact]
    public void Usd_cost_is_rounded_half_away_from_zero_to_eight_decimals()
    {
        // 3 tokens at 0.005 USD/M = 0.000000015 USD: the 9th decimal is a 5, so it rounds up.
        CreditMath.Charge(new ModelRate("m", 0.005m, 0m), 3, 0, Defaults).CostUsd.ShouldBe(0.00000002m);
    }

    [Fact]
    public void Repeating_decimals_from_odd_credit_values_are_rounded_not_truncated()
    {
        // 1 USD at markup 1 and a credit worth 0.03 USD = 33.333... credits.
        var options = new BillingOptions { MarkupFactor = 1m, CreditValueUsd = 0.03m };
        CreditMath.Charge(new ModelRate("m", 1m, 0m), 1_000_000, 0, options).Credits.ShouldBe(33.333333m);
        // 2 USD = 66.666...: the seventh decimal is a 6, so it rounds up.
        CreditMath.Charge(new ModelRate("m", 2m, 0m), 1_000_000, 0, options).Credits.ShouldBe(66.666667m);
    }

    [Fact]
    public void Large_usage_keeps_every_digit()
    {
        // 2 billion tokens each way on an expensive model: 2e9 x 75 / 1e6 = 150,000 USD of output alone.
        var charge = CreditMath.Charge(new ModelRate("claude-opus", 15m, 75m), 2_000_000_000, 2_000_000_000, Defaults);
        charge.CostUsd.ShouldBe(180_000m);
        charge.Credits.ShouldBe(27_000_000m);
    }

    [Fact]
    public void Local_models_priced_at_zero_cost_nothing()
    {
        var charge = CreditMath.Charge(new ModelRate("qwen2.5-coder:7b", 0m, 0m), 50_000, 8_000, Defaults);
        charge.CostUsd.ShouldBe(0m);
        charge.Credits.ShouldBe(0m);
    }

    [Fact]
    public void Micro_credit_conversion_is_exact_and_refuses_amounts_finer_than_a_micro_credit()
    {
        CreditAmount.ToMicros(100m).ShouldBe(100_000_000);
        CreditAmount.ToMicros(-0.000001m).ShouldBe(-1);
        CreditAmount.FromMicros(-67_500).ShouldBe(-0.0675m);
        Should.Throw<ArgumentException>(() => CreditAmount.ToMicros(0.0000001m));
    }

    [Fact]
    public void Credit_packs_are_read_from_name_credits_cents_triples_and_bad_ones_are_refused_with_the_variable_named()
    {
        var packs = CreditPack.ParseList(" starter:500:500 , pro:3000.5:2500 ");
        packs.ShouldBe([new CreditPack("starter", 500m, 500), new CreditPack("pro", 3000.5m, 2500)]);

        Should.Throw<FormatException>(() => CreditPack.ParseList("starter:500")).Message.ShouldContain("CREDIT_PACKS");
        Should.Throw<FormatException>(() => CreditPack.ParseList("a:0:500"));
        Should.Throw<FormatException>(() => CreditPack.ParseList("a:5:-1"));
        Should.Throw<FormatException>(() => CreditPack.ParseList("a:5:100,A:6:200")).Message.ShouldContain("twice");
        Should.Throw<FormatException>(() => CreditPack.ParseList(""));
    }

    [Fact]
    public void Credits_in_sentences_show_two_decimals_or_the_significant_ones_of_tiny_amounts()
    {
        CreditFormat.Show(1234.5678m).ShouldBe("1,234.57");
        CreditFormat.Show(0.0675m).ShouldBe("0.07");
        CreditFormat.Show(0.000123m).ShouldBe("0.000123");
        CreditFormat.Show(0m).ShouldBe("0");
    }
}
