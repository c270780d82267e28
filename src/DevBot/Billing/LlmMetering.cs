using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Billing.Pricing;
using DevBot.Data;
using DevBot.Llm;
using Microsoft.Extensions.Options;

namespace DevBot.Billing;

/// <summary>
/// Meters every model call through the gateway. Before: the model must have a price (or the operator allowed
/// unpriced models) and the build must have room under its cap and the user's balance. After a success: the
/// call's USD cost and credits are set and the usage row is added to the same unit of work as the stored
/// answer, so both are committed together or not at all. Failed calls never reach here and cost nothing.
/// </summary>
internal sealed partial class LlmMetering(
    PriceBook prices,
    BuildBudgets budgets,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<LlmMetering> logger) : ILlmUsageHook
{
    // The price a call was allowed at is the price it is charged at, even if an operator changes it mid-call.
    private readonly Dictionary<string, ModelRate> _authorisedRates = new(StringComparer.Ordinal);

    public async Task BeforeCallAsync(LlmCallContext context, string model, CancellationToken cancellationToken)
    {
        var rate = await prices.FindActiveAsync(model, cancellationToken) ?? Unpriced(model, context);
        _authorisedRates[model] = rate;
        await budgets.EnsureRoomAsync(context, rate, cancellationToken);
    }

    public async Task OnSucceededAsync(DevBotDbContext db, LlmCall call, CancellationToken cancellationToken)
    {
        if (!_authorisedRates.TryGetValue(call.Model, out var rate))
        {
            rate = await prices.FindActiveAsync(call.Model, cancellationToken) ?? ModelRate.Unpriced(call.Model);
            if (!rate.Priced)
            {
                LogChargedWithoutPrice(call.Model, call.CallKey);
            }
        }

        var charge = CreditMath.Charge(rate, call.PromptTokens, call.CompletionTokens, options.Value);
        call.CostUsd = charge.CostUsd;
        call.Credits = charge.Credits;
        if (call.UserId is { } userId && charge.Credits != 0)
        {
            CreditLedger.AddUsage(db, call, userId, charge, time.GetUtcNow().UtcDateTime);
        }
    }

    private ModelRate Unpriced(string model, LlmCallContext context)
    {
        if (!options.Value.AllowUnpricedModels)
        {
            throw new UnpricedModelException(model);
        }

        LogUnpricedCall(model, context.CallKey, context.ProjectId);
        return ModelRate.Unpriced(model);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Model {Model} has no price; call {CallKey} of project {ProjectId} costs 0 because ALLOW_UNPRICED_MODELS=true")]
    private partial void LogUnpricedCall(string model, string callKey, Guid? projectId);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Call {CallKey} to {Model} succeeded without being priced first; it was charged 0")]
    private partial void LogChargedWithoutPrice(string model, string callKey);
}

/// <summary>A call to a model with no price was refused before it was made (nothing was spent).</summary>
public sealed class UnpricedModelException(string model) : LlmException(
    $"The model '{model}' has no price, so DevBot did not call it. An operator can price it with "
    + $"'devbot pricing set --model {model} --input USD --output USD' (USD per million tokens) or "
    + "PUT /api/v1/admin/pricing, or allow unpriced models at cost 0 with ALLOW_UNPRICED_MODELS=true.",
    isTransient: false)
{
    public string Model { get; } = model;
}
