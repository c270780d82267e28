using System.Globalization;

namespace DevBot.Billing;

/// <summary>Credits in sentences: two decimals, or more when the amount is smaller than a cent of a credit.</summary>
public static class CreditFormat
{
    public static string Show(decimal credits) =>
        credits != 0 && Math.Abs(credits) < 0.01m
            ? credits.ToString("0.######", CultureInfo.InvariantCulture)
            : credits.ToString("#,0.##", CultureInfo.InvariantCulture);
}
