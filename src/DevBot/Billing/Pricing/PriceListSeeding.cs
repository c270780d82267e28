namespace DevBot.Billing.Pricing;

/// <summary>
/// Seeds the price table from the shipped list when serve/worker start (after migrations, before workers take
/// jobs), so a fresh install can price its calls and an upgrade picks up the new list's seed prices.
/// </summary>
internal sealed partial class PriceListSeeding(IServiceScopeFactory scopes, ILogger<PriceListSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var list = SeedPriceList.Load();
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var changed = await scope.ServiceProvider.GetRequiredService<PriceBook>().SeedAsync(list, cancellationToken);
            LogSeeded(changed, list.PricesAsOf);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Model prices could not be seeded (is the database reachable and migrated? 'devbot migrate')")]
    private partial void LogSeedFailed(Exception exception);
}
