using Microsoft.Extensions.Options;

namespace DevBot.Billing.Pricing;

/// <summary>
/// Seeds the price table from the shipped list when serve/worker start (after migrations, before workers take
/// jobs), so a fresh install can price its calls and an upgrade picks up the new list's seed prices.
/// Then it names every configured model that still has no price, with the command that prices it.
/// </summary>
internal sealed partial class PriceListSeeding(IServiceScopeFactory scopes, IOptions<BillingOptions> billing, ILogger<PriceListSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var list = SeedPriceList.Load();
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var changed = await scope.ServiceProvider.GetRequiredService<PriceBook>().SeedAsync(list, cancellationToken);
            LogSeeded(changed, list.PricesAsOf);
            foreach (var missing in await scope.ServiceProvider.GetRequiredService<MissingPrices>().FindAsync(cancellationToken))
            {
                if (billing.Value.AllowUnpricedModels)
                {
                    LogFree(missing.Model);
                }
                else
                {
                    LogMissing(missing.Explain());
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Starting anyway keeps /health answering with the database's problem; with no prices every
            // priced call is refused, never made for free.
            LogSeedFailed(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Model prices seeded: {Changed} added or updated from the shipped list (prices as of {AsOf})")]
    private partial void LogSeeded(int changed, string asOf);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private partial void LogMissing(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The model '{Model}' has no price and is called at cost 0 (ALLOW_UNPRICED_MODELS=true)")]
    private partial void LogFree(string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model prices could not be seeded (is the database reachable and migrated? 'devbot migrate')")]
    private partial void LogSeedFailed(Exception exception);
}
