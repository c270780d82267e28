using System.CommandLine;
using System.Globalization;
using DevBot.Users;
using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Billing.Pricing;
using DevBot.Billing;
using DevBot.Hosting;
using Microsoft.Extensions.Options;

namespace DevBot.Cli;

/// <summary><c>devbot pricing list|set</c> and <c>devbot ledger verify|grant</c>, for operators.</summary>
internal static class BillingCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(Pricing());
        root.Subcommands.Add(LedgerCommand());
    }

    private static Command Pricing()
    {
        var list = new Command("list", "Show every model price (USD per million tokens) and how USD becomes credits.");
        list.SetAction((_, cancellationToken) => WithServicesAsync(async services =>
        {
            var prices = await services.GetRequiredService<PriceBook>().ListAsync(cancellationToken);
            var billing = services.GetRequiredService<IOptions<BillingOptions>>().Value;
            Console.WriteLine($"1 credit = {billing.CreditValueUsd.ToString(CultureInfo.InvariantCulture)} USD; usage is charged at the provider price x {billing.MarkupFactor.ToString(CultureInfo.InvariantCulture)}.");
            Console.WriteLine($"{"MODEL",-36} {"PROVIDER",-11} {"INPUT/1M",10} {"OUTPUT/1M",10}  {"ACTIVE",-6} SOURCE");
            foreach (var p in prices)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Model,-36} {p.Provider,-11} {p.InputUsdPerMillion,10:0.00######} {p.OutputUsdPerMillion,10:0.00######}  {(p.Active ? "yes" : "no"),-6} {(p.Source == PriceSource.Seed ? "seed" : "operator")}"));
            }

            return 0;
        }, cancellationToken));

        var model = new Option<string>("--model") { Description = "The model name exactly as LLM_MODEL sends it.", Required = true };
        var input = new Option<decimal>("--input") { Description = "USD per million input (prompt) tokens.", Required = true };
        var output = new Option<decimal>("--output") { Description = "USD per million output (completion) tokens.", Required = true };
        var provider = new Option<string?>("--provider") { Description = "Provider label (openai, anthropic, google, openrouter, ollama, ...)." };
        var inactive = new Option<bool>("--inactive") { Description = "Store the price but refuse calls to the model." };
        var set = new Command("set", "Set or add a model's price (audited; never overwritten by the shipped price list).") { model, input, output, provider, inactive };
        set.SetAction((parse, cancellationToken) => WithServicesAsync(async services =>
        {
            var change = new PriceChange(parse.GetValue(model)!, parse.GetValue(input), parse.GetValue(output), parse.GetValue(provider), !parse.GetValue(inactive));
            try
            {
                var price = await services.GetRequiredService<PriceBook>().SetAsync(change, Actor.CommandLine, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{price.Model} ({price.Provider}): {price.InputUsdPerMillion} USD in, {price.OutputUsdPerMillion} USD out per million tokens{(price.Active ? string.Empty : ", inactive")}."));
                return 0;
            }
            catch (PriceChangeException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
        }, cancellationToken));

        return new Command("pricing", "Model prices.") { list, set, PricingImportCommand.Create() };
    }

    private static Command LedgerCommand()
    {
        var verify = new Command("verify", "Prove every user's balance equals the sum of their credit transactions (exit 1 and list them if not).");
        verify.SetAction((_, cancellationToken) => WithServicesAsync(async services =>
        {
            var result = await services.GetRequiredService<CreditLedger>().VerifyAsync(cancellationToken);
            foreach (var m in result.Balances)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"MISMATCH user {m.UserId} ({m.Name}): balance {m.Balance} but transactions sum to {m.LedgerSum} (difference {m.Balance - m.LedgerSum})"));
            }

            foreach (var c in result.Charges)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"MISMATCH llm call {c.LlmCallId}: recorded {c.CallCredits} credits but the ledger charged {c.LedgerCharge}"));
            }

            Console.WriteLine(result.IsConsistent
                ? $"Ledger OK: {result.Users} users; every balance equals the sum of its transactions and every call was charged exactly once."
                : $"Ledger INCONSISTENT: {result.Balances.Count} balance(s) and {result.Charges.Count} call charge(s) disagree.");
            return result.IsConsistent ? 0 : 1;
        }, cancellationToken));

        var user = new Option<Guid>("--user") { Description = "The user's id.", Required = true };
        var amount = new Option<decimal>("--amount") { Description = "Credits (positive adds; refunds and adjustments may be negative).", Required = true };
        var kind = new Option<string>("--kind") { Description = "grant, refund or adjustment.", DefaultValueFactory = _ => "grant" };
        kind.AcceptOnlyFromAmong("grant", "refund", "adjustment");
        var reason = new Option<string?>("--reason") { Description = "Why (stored with the transaction and in the audit log)." };
        var grant = new Command("grant", "Add credits to a user (audited); their builds waiting for credits resume.") { user, amount, kind, reason };
        grant.SetAction((parse, cancellationToken) => WithServicesAsync(async services =>
        {
            var userId = parse.GetValue(user);
            var transactionKind = Enum.Parse<CreditTransactionKind>(parse.GetValue(kind)!, ignoreCase: true);
            var ledger = services.GetRequiredService<CreditLedger>();
            try
            {
                await ledger.AddManualAsync(userId, transactionKind, parse.GetValue(amount), parse.GetValue(reason) ?? string.Empty, Actor.CommandLine, cancellationToken);
            }
            catch (Exception ex) when (ex is UnknownUserException or ArgumentException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            var resumed = await services.GetRequiredService<PausedBuilds>().ResumeAfterTopUpAsync(userId, cancellationToken);
            var balance = await ledger.BalanceAsync(userId, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Balance of {userId}: {balance} credits; {resumed.Count} paused build(s) resumed."));
            return 0;
        }, cancellationToken));

        return new Command("ledger", "The credit ledger.") { verify, grant };
    }

    /// <summary>Runs an operator command against the configured database, with the shipped prices seeded first.</summary>
    internal static async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        using var host = CliHost.Build(builder => builder.Services.AddDevBotBilling(builder.Configuration));
        await host.MigrateIfConfiguredAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PriceBook>().SeedAsync(SeedPriceList.Load(), cancellationToken);
        return await action(scope.ServiceProvider);
    }
}
