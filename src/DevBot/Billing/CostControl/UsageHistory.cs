using DevBot.Agents;
using DevBot.Llm;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.CostControl;

/// <summary>Token counts of a typical call of one role; from recent history, or the role's defaults before there is any.</summary>
public sealed record TypicalCall(int PromptTokens, int CompletionTokens, bool FromHistory);

/// <summary>
/// What calls of a role to its current model typically take, for estimates. The median of the recent calls, so one
/// build's outliers (a runaway answer, a huge import) do not move everyone's estimate; never more completion tokens
/// than a call of the role may request.
/// </summary>
public sealed class UsageHistory(LlmUsage usage, IOptions<LlmOptions> llm)
{
    /// <summary>How many recent successful calls of a role and model make the median.</summary>
    public const int Window = 50;

    public async Task<TypicalCall> TypicalCallAsync(AgentRole role, CancellationToken cancellationToken)
    {
        var settings = llm.Value;
        var maxCompletion = role.MaxOutputTokensWithin(settings.MaxOutputTokens);
        var recent = await usage.RecentAsync(role.Model, settings.ModelFor(role.Model), Window, cancellationToken);
        if (recent.Count == 0)
        {
            return new TypicalCall(role.Typical.PromptTokens, Math.Min(role.Typical.CompletionTokens, maxCompletion), FromHistory: false);
        }

        return new TypicalCall(
            Median(recent.Select(c => c.PromptTokens)),
            Math.Min(Median(recent.Select(c => c.CompletionTokens)), maxCompletion),
            FromHistory: true);
    }

    internal static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (int)Math.Ceiling((sorted[middle - 1] + (double)sorted[middle]) / 2);
    }
}
