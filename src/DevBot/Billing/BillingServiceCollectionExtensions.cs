using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Billing.Pricing;
using DevBot.Billing.Stripe;
using DevBot.Billing.Usage;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Users;
using Microsoft.Extensions.Options;
using DevBot.Shared;

namespace DevBot.Billing;

public static class BillingServiceCollectionExtensions
{
    /// <summary>
    /// Metering of every LLM call, the credit ledger, cost control and purchases. Idempotent: a second call
    /// adds nothing (registering the metering hook twice would charge every call twice).
    /// </summary>
    public static IServiceCollection AddDevBotBilling(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(BillingMarker)))
        {
            return services;
        }

        services.AddSingleton<BillingMarker>();
        services.AddOptions<BillingOptions>().Bind(configuration).ValidateByVariableName().ValidateOnStart();
        services.AddOptions<StripeOptions>().Bind(configuration).ValidateByVariableName().ValidateOnStart();
        services.AddSingleton<IValidateOptions<StripeOptions>, StripeOptionsProblems>();

        services.AddScoped<PriceBook>();
        services.AddScoped<MissingPrices>();
        services.AddScoped<PriceImport>();
        services.AddHttpClient<OpenRouterPriceList>(http =>
        {
            http.Timeout = TimeSpan.FromSeconds(60);
            http.MaxResponseContentBufferSize = OpenRouterPriceList.MaxListBytes;
        });
        services.AddScoped<CreditLedger>();
        services.AddScoped<UsageHistory>();
        services.AddScoped<BuildBudgets>();
        services.AddScoped<BuildCostEstimator>();
        services.AddScoped<IBuildCostReader>(sp => sp.GetRequiredService<BuildCostEstimator>());
        services.AddScoped<PausedBuilds>();
        services.AddScoped<UsageReports>();
        services.AddScoped<CreditPurchases>();
        services.AddScoped<StripeWebhook>();
        services.AddHttpClient<StripeCheckoutClient>(http => http.Timeout = TimeSpan.FromSeconds(30));

        services.AddScoped<ILlmUsageHook, LlmMetering>();
        services.AddSingleton<INewUserHook, InitialCreditsGrant>();
        services.AddHostedService<PriceListSeeding>();
        return services;
    }

    private sealed class BillingMarker;

    /// <summary>Reports each invalid Stripe setting by name, in a sentence, at startup.</summary>
    private sealed class StripeOptionsProblems : IValidateOptions<StripeOptions>
    {
        public ValidateOptionsResult Validate(string? name, StripeOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
