namespace DevBot.Billing;

/// <summary>
/// Credits are decimal in code and in the API, and whole micro-credits (1 credit = 1,000,000) in the database,
/// so that SQLite (which has no decimal type) and PostgreSQL can both add them exactly in SQL.
/// </summary>
public static class CreditAmount
{
    public const int Decimals = 6;
    private const decimal MicrosPerCredit = 1_000_000m;

    /// <summary>Micro-credits of an amount that already has at most six decimals; anything finer is a bug upstream.</summary>
    public static long ToMicros(decimal credits)
    {
        if (decimal.Round(credits, Decimals) != credits)
        {
            throw new ArgumentException($"{credits} credits has more than {Decimals} decimals; round it first.", nameof(credits));
        }

        return decimal.ToInt64(credits * MicrosPerCredit);
    }

    public static decimal FromMicros(long micros) => micros / MicrosPerCredit;
}
