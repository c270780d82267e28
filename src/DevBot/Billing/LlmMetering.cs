using DevBot.Billing.Ledger;
using DevBot.Billing.Pricing;
using DevBot.Data;
using DevBot.Llm;
using Microsoft.Extensions.Options;

namespace DevBot.Billing;

/// <summary>
/// Records the charge of every successful call: its USD cost and credits are set and the usage row is added to the
/// same unit of work as the stored answer, so both are committed together or not at all. Failed calls never reach
/// here and cost nothing. Whether a call may be made at all is the budget's question, asked before the call
/// (<see cref="CostControl.BuildBudgets"/>); the tokens charged here never exceed the call's bounds.
/// </summary>
internal sealed partial class LlmMetering(
    PriceBook prices,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<LlmMetering> logger) : ILlmUsageHook
{
    public async Task OnSucceededAsync(DevBotDbContext db, LlmCall call, CancellationToken cancellationToken)
    {
        var rate = await prices.FindActiveAsync(call.Model, cancellationToken);
        if (rate is null)
        {
            // The budget admits unpriced models only when the operator allowed them (at cost 0); otherwise the price
            // was removed while the call was in flight.
            if (options.Value.AllowUnpricedModels)
            {
                LogUnpricedCall(call.Model, call.CallKey, call.ProjectId);
            }
            else
            {
                LogChargedWithoutPrice(call.Model, call.CallKey);
            }

            rate = ModelRate.Unpriced(call.Model);
        }

        var charge = CreditMath.Charge(rate, call.PromptTokens, call.CompletionTokens, options.Value);
        call.CostUsd = charge.CostUsd;
        call.Credits = charge.Credits;
        if (call.UserId is { } userId && charge.Credits != 0)
        {
            CreditLedger.AddUsage(db, call, userId, charge, time.GetUtcNow().UtcDateTime);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Model {Model} has no price; call {CallKey} of project {ProjectId} costs 0 because ALLOW_UNPRICED_MODELS=true")]
    private partial void LogUnpricedCall(string model, string callKey, Guid? projectId);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Call {CallKey} to {Model} succeeded but the model has no price any more; it was charged 0")]
    private partial void LogChargedWithoutPrice(string model, string callKey);
}

/// <summary>Why a call to a model without a price is refused: one sentence naming the fix.</summary>
public static class UnpricedModel
{
    public static string Explain(string model) =>
        $"The model '{model}' has no price, so DevBot did not call it. An operator can price it with "
        + $"{PricingCommands.For(model)} or PUT /api/v1/admin/pricing, or allow unpriced models at cost 0 with ALLOW_UNPRICED_MODELS=true.";
}
