using DevBot.Audit;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Pricing;

public sealed record PriceView(string Model, string Provider, decimal InputUsdPerMillion, decimal OutputUsdPerMillion, bool Active, string Source, DateTime UpdatedAt)
{
    public static PriceView From(ModelPrice price) => new(
        price.Model, price.Provider, price.InputUsdPerMillion, price.OutputUsdPerMillion, price.Active,
        price.Source == PriceSource.Seed ? "seed" : "operator", price.UpdatedAt);
}

/// <summary>How usage is charged: every price, and the conversion from USD to credits.</summary>
public sealed record PriceListView(decimal CreditValueUsd, decimal MarkupFactor, IReadOnlyList<PriceView> Models);

public sealed record SetPriceRequest(string? Model, decimal? InputUsdPerMillion, decimal? OutputUsdPerMillion, string? Provider, bool? Active);

internal static class PricingEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/pricing", ListActiveAsync).RequireAuthorization().WithTags("Billing")
            .WithSummary("Model prices (USD per million tokens) and how USD becomes credits.");

        var admin = app.MapGroup("/api/v1/admin/pricing").RequireAuthorization(UsersServiceCollectionExtensions.AdminPolicy).WithTags("Admin");
        admin.MapGet("/", ListAllAsync).WithSummary("Every model price, inactive ones included.");
        admin.MapPut("/", SetAsync).WithSummary("Set or add a model's price (audited). An operator's price is never overwritten by the shipped list.");
    }

    private static async Task<Ok<PriceListView>> ListActiveAsync(PriceBook prices, IOptions<BillingOptions> options, CancellationToken cancellationToken)
    {
        var list = await prices.ListAsync(cancellationToken);
        return TypedResults.Ok(new PriceListView(options.Value.CreditValueUsd, options.Value.MarkupFactor,
            list.Where(p => p.Active).Select(PriceView.From).ToList()));
    }

    private static async Task<Ok<List<PriceView>>> ListAllAsync(PriceBook prices, CancellationToken cancellationToken) =>
        TypedResults.Ok((await prices.ListAsync(cancellationToken)).Select(PriceView.From).ToList());

    private static async Task<Results<Ok<PriceView>, ValidationProblem>> SetAsync(
        SetPriceRequest request, HttpContext http, PriceBook prices, CancellationToken cancellationToken)
    {
        var missing = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.InputUsdPerMillion is null)
        {
            missing["inputUsdPerMillion"] = ["Give the input (prompt) price in USD per million tokens."];
        }

        if (request.OutputUsdPerMillion is null)
        {
            missing["outputUsdPerMillion"] = ["Give the output (completion) price in USD per million tokens."];
        }

        var change = new PriceChange(request.Model ?? string.Empty, request.InputUsdPerMillion ?? 0, request.OutputUsdPerMillion ?? 0, request.Provider, request.Active ?? true);
        foreach (var (field, errors) in change.Validate())
        {
            missing.TryAdd(field, errors);
        }

        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(missing, title: "Invalid price");
        }

        var price = await prices.SetAsync(change, Actor.Api(http.User.UserId()), cancellationToken);
        return TypedResults.Ok(PriceView.From(price));
    }
}
