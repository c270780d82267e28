using System.Diagnostics;
using DevBot.Data;
using DevBot.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Llm;

/// <summary>
/// The one way agents talk to models. A step's stored answer is replayed instead of asked again; every
/// attempt is recorded (failed ones cost nothing); transient failures are retried with backoff,
/// honouring Retry-After, a bounded number of times.
/// </summary>
public sealed class LlmGateway(
    DevBotDbContext db,
    ILlmClient client,
    IEnumerable<ILlmUsageHook> usageHooks,
    TimeProvider time,
    IOptions<LlmOptions> options,
    DevBotMetrics metrics,
    ILogger<LlmGateway> logger)
{
    public string ModelFor(LlmRole role) => options.Value.ModelFor(role);

    public async Task<LlmAnswer> AskAsync(LlmCallContext context, IReadOnlyList<LlmMessage> messages, LlmJsonSchema? schema, CancellationToken cancellationToken)
    {
        var stored = await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == context.ProjectId && c.CallKey == context.CallKey && c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new { c.Id, c.Response })
            .FirstOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            logger.LogInformation("Replaying stored answer for {CallKey}", context.CallKey);
            return new LlmAnswer(stored.Response ?? string.Empty, stored.Id, Replayed: true);
        }

        var model = ModelFor(context.Role);
        foreach (var hook in usageHooks)
        {
            await hook.BeforeCallAsync(context, model, cancellationToken);
        }

        var request = new LlmRequest(model, messages, schema);
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var started = time.GetTimestamp();
            try
            {
                var completion = await client.CompleteAsync(request, cancellationToken);
                var call = await RecordSuccessAsync(context, model, messages, completion, time.GetElapsedTime(started), cancellationToken);
                return new LlmAnswer(completion.Text, call.Id, Replayed: false);
            }
            catch (LlmException ex)
            {
                await RecordFailureAsync(context, model, ex.Message, time.GetElapsedTime(started), cancellationToken);
                if (!ex.IsTransient || attempt >= settings.MaxRetries)
                {
                    throw;
                }

                var delay = RetryDelay(attempt, ex.RetryAfter, settings);
                logger.LogWarning("LLM call {CallKey} failed ({Reason}); retry {Attempt} in {Delay}", context.CallKey, ex.Message, attempt + 1, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    internal static TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter, LlmOptions settings)
    {
        var max = TimeSpan.FromSeconds(settings.MaxRetryDelaySeconds);
        var backoff = TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        var wanted = retryAfter ?? backoff;
        return wanted > max ? max : wanted;
    }

    private async Task<LlmCall> RecordSuccessAsync(
        LlmCallContext context, string model, IReadOnlyList<LlmMessage> messages, LlmCompletion completion, TimeSpan latency, CancellationToken cancellationToken)
    {
        var estimated = completion.PromptTokens is null || completion.CompletionTokens is null;
        var call = NewCall(context, model, LlmCallOutcome.Succeeded, latency);
        call.PromptTokens = completion.PromptTokens ?? TokenEstimate.Of(messages.Sum(m => m.Content.Length));
        call.CompletionTokens = completion.CompletionTokens ?? TokenEstimate.Of(completion.Text.Length);
        call.TokensEstimated = estimated;
        call.Response = completion.Text;
        db.Set<LlmCall>().Add(call);
        foreach (var hook in usageHooks)
        {
            await hook.OnSucceededAsync(db, call, cancellationToken);
        }

        // The answer and its charge are one transaction: a crash leaves both or neither.
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.LlmCall(call.Role, model, "succeeded", latency, call.PromptTokens, call.CompletionTokens);
        return call;
    }

    private async Task RecordFailureAsync(LlmCallContext context, string model, string error, TimeSpan latency, CancellationToken cancellationToken)
    {
        var call = NewCall(context, model, LlmCallOutcome.Failed, latency);
        call.Error = error.Length > 2000 ? error[..2000] : error;
        db.Set<LlmCall>().Add(call);
        await db.SaveChangesAsync(cancellationToken);
        metrics.LlmCall(call.Role, model, "failed", latency, 0, 0);
    }

    private LlmCall NewCall(LlmCallContext context, string model, LlmCallOutcome outcome, TimeSpan latency) => new()
    {
        ProjectId = context.ProjectId,
        UserId = context.UserId,
        CallKey = context.CallKey,
        Role = context.Role.ToString().ToLowerInvariant(),
        Model = model,
        Outcome = outcome,
        ContextTokens = context.ContextTokens,
        LatencyMs = (long)latency.TotalMilliseconds,
        CreatedAt = time.GetUtcNow().UtcDateTime,
    };
}

/// <summary>Token counts from text length, for providers that report no usage (about four characters a token).</summary>
public static class TokenEstimate
{
    public static int Of(int characters) => (characters + 3) / 4;

    public static int Of(string text) => Of(text.Length);
}
