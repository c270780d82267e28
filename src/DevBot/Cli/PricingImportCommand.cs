using System.CommandLine;
using System.Globalization;
using DevBot.Users;
using DevBot.Audit;
using DevBot.Billing.Pricing;

namespace DevBot.Cli;

/// <summary><c>devbot pricing import</c>: prices from a provider that publishes them, stored as operator prices.</summary>
internal static class PricingImportCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The provider whose published prices are read.", DefaultValueFactory = _ => PriceImport.Provider };
        from.AcceptOnlyFromAmong(PriceImport.Provider);
        var url = new Option<string>("--url")
        {
            Description = $"Where the provider's model list is (default {OpenRouterPriceList.DefaultUrl}).",
            DefaultValueFactory = _ => OpenRouterPriceList.DefaultUrl,
        };
        var models = new Option<string[]>("--model")
        {
            Description = "A model to price, exactly as LLM_MODEL names it (repeat for more). Default: the configured models (LLM_MODEL and LLM_MODEL_*).",
            AllowMultipleArgumentsPerToken = false,
        };
        var all = new Option<bool>("--all") { Description = "Import every model the list prices." };
        var command = new Command("import", "Read model prices a provider publishes (OpenRouter's model list) and store them as operator prices (audited).")
        {
            from, url, models, all,
        };
        command.SetAction((parse, cancellationToken) => BillingCommands.WithServicesAsync(async services =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var source) || source.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync("--url must be an absolute http(s) URL.");
                return 2;
            }

            var request = new PriceImportRequest(source, parse.GetValue(models) ?? [], parse.GetValue(all));
            PriceImportResult result;
            try
            {
                result = await services.GetRequiredService<PriceImport>().ImportAsync(request, Actor.CommandLine, cancellationToken);
            }
            catch (PriceListUnavailableException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }

            Report(result, source, request);
            return result.Imported.Count > 0 && (result.Complete || request.Models.Count == 0) ? 0 : 1;
        }, cancellationToken));
        return command;
    }

    private static void Report(PriceImportResult result, Uri source, PriceImportRequest request)
    {
        foreach (var price in result.Imported)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{price.Model}: {price.InputUsdPerMillion:0.########} USD in, {price.OutputUsdPerMillion:0.########} USD out per million tokens."));
        }

        if (result.NotListed.Count > 0)
        {
            Console.Error.WriteLine($"Not in the list at {source}: {string.Join(", ", result.NotListed)} (price these with 'devbot pricing set').");
        }

        if (result.NotFixed.Count > 0)
        {
            Console.Error.WriteLine($"No fixed per-token price in the list: {string.Join(", ", result.NotFixed)} (price these with 'devbot pricing set').");
        }

        if (result.Imported.Count == 0)
        {
            Console.Error.WriteLine(request.Models.Count > 0 ? "Nothing was stored." : "No price was imported.");
        }
        else
        {
            Console.WriteLine($"Imported {result.Imported.Count} price(s) from {source} as operator prices.");
        }
    }
}
