using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Billing.Pricing;
using DevBot.Billing.Stripe;
using DevBot.Billing.Usage;

namespace DevBot.Billing;

internal static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        MeEndpoints.Map(app);
        PricingEndpoints.Map(app);
        AdminCreditEndpoints.Map(app);
        PurchaseEndpoints.Map(app);
        BuildCostEndpoints.Map(app);
        return app;
    }
}
