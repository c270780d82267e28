using DevBot.Audit;
using DevBot.Users;
using DevBot.Billing.Ledger;
using DevBot.Billing.Pricing;
using DevBot.Data;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

/// <summary>Billing chores on a running test host, done through the product's own services.</summary>
internal static class BillingTestHost
{
    /// <summary>The stand-in model's name in <see cref="DevBotTestHost.BaseSettings"/>.</summary>
    public const string Model = "fake-model";

    /// <summary>Settings of a host that meters for real: unpriced models refused, as in production.</summary>
    public static Dictionary<string, string?> Metered(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["ALLOW_UNPRICED_MODELS"] = "false" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Task PriceAsync(this DevBotTestHost host, string model, decimal inputUsdPerMillion, decimal outputUsdPerMillion) =>
        host.InScopeAsync(services => services.GetRequiredService<PriceBook>()
            .SetAsync(new PriceChange(model, inputUsdPerMillion, outputUsdPerMillion, "test"), Actor.CommandLine, CancellationToken.None));

    public static Task<decimal> BalanceAsync(this DevBotTestHost host, Guid userId) =>
        host.InScopeAsync(services => services.GetRequiredService<CreditLedger>().BalanceAsync(userId, CancellationToken.None));

    public static Task<LedgerVerification> VerifyLedgerAsync(this DevBotTestHost host) =>
        host.InScopeAsync(services => services.GetRequiredService<CreditLedger>().VerifyAsync(CancellationToken.None));

    public static Task<List<CreditTransaction>> TransactionsAsync(this DevBotTestHost host, Guid userId) =>
        host.InScopeAsync(services => services.GetRequiredService<DevBotDbContext>().Set<CreditTransaction>().AsNoTracking()
            .Where(t => t.UserId == userId).OrderBy(t => t.CreatedAt).ToListAsync());

    /// <summary>The ledger must be consistent after every scenario: balances equal sums, every call charged once.</summary>
    public static async Task ShouldBeConsistentAsync(this DevBotTestHost host)
    {
        var verification = await host.VerifyLedgerAsync();
        verification.Balances.ShouldBeEmpty();
        verification.Charges.ShouldBeEmpty();
    }
}
