using DevBot.Data;
using DevBot.Observability;
using DevBot.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;

namespace DevBot.Llm;

/// <summary>
/// The one way agents talk to models. A step's stored answer is replayed instead of asked again; every
/// attempt is recorded (failed ones cost nothing); transient failures are retried with backoff,
/// honouring Retry-After, a bounded number of times. Whether a call may be made at all (budget, lease) is decided
/// before it reaches here; after a success the usage hooks record its charge in the same transaction as the answer.
/// </summary>
public sealed partial class LlmGateway(
    DevBotDbContext db,
    ILlmClient client,
    IEnumerable<ILlmUsageHook> usageHooks,
    TimeProvider time,
    IOptions<LlmOptions> options,
    DevBotMetrics metrics,
    ILogger<LlmGateway> logger)
{
    /// <summary>The most characters of an error message kept with a failed call.</summary>
    private const int MaxStoredErrorLength = 2000;

    public string ModelFor(LlmRole role) => options.Value.ModelFor(role);

    /// <summary>The stored answer of a step, if it succeeded before (a resumed build replays it for free).</summary>
    public async Task<LlmAnswer?> FindStoredAsync(Guid projectId, CallKey key, CancellationToken cancellationToken)
    {
        var callKey = key.ToString();
        var stored = await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.CallKey == callKey && c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new { c.Id, c.Response })
            .FirstOrDefaultAsync(cancellationToken);
        return stored is null ? null : new LlmAnswer(stored.Response ?? string.Empty, stored.Id, Replayed: true);
    }

    public async Task<LlmAnswer> AskAsync(LlmCallContext context, IReadOnlyList<LlmMessage> messages, LlmJsonSchema? schema, CancellationToken cancellationToken)
    {
        if (context.ProjectId is { } projectId && await FindStoredAsync(projectId, context.Key, cancellationToken) is { } stored)
        {
            LogReplayed(context.Key);
            return stored;
        }

        var model = ModelFor(context.Role);
        var bounds = LlmCallBounds.Of(messages, context.MaxOutputTokens, schema);
        var request = new LlmRequest(model, messages, schema, context.MaxOutputTokens, context.Key);
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var started = time.GetTimestamp();
            try
            {
                var completion = await client.CompleteAsync(request, cancellationToken);
                return await RecordSuccessAsync(context, model, messages, bounds, completion, time.GetElapsedTime(started));
            }
            catch (LlmException ex)
            {
                var outcome = ex is LlmProtocolViolationException ? LlmCallOutcome.ProtocolViolation : LlmCallOutcome.Failed;
                await RecordFailureAsync(context, model, outcome, ex.Message, time.GetElapsedTime(started), cancellationToken);
                if (!ex.IsTransient || attempt >= RetriesFor(ex, settings))
                {
                    throw;
                }

                var delay = ex is LlmUnreachableException ? QuickRetryDelay(attempt) : RetryDelay(attempt, ex.RetryAfter, settings);
                LogRetry(context.Key, ex.Message, attempt + 1, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// An endpoint that cannot be reached at all is usually a setting (LLM_BASE_URL) or a server that is not running,
    /// not a busy one: a couple of quick tries cover a blip, and the build learns at once instead of after minutes.
    /// </summary>
    internal const int UnreachableRetries = 2;

    internal static int RetriesFor(LlmException failure, LlmOptions settings) =>
        failure is LlmUnreachableException ? Math.Min(settings.MaxRetries, UnreachableRetries) : settings.MaxRetries;

    internal static TimeSpan QuickRetryDelay(int attempt) => TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt));

    internal static TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter, LlmOptions settings)
    {
        var max = TimeSpan.FromSeconds(settings.MaxRetryDelaySeconds);
        var backoff = TimeSpan.FromSeconds(Math.Pow(2, attempt)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        var wanted = retryAfter ?? backoff;
        return wanted > max ? max : wanted;
    }

    /// <summary>
    /// Stores the answer with its charge, or, when another worker stored this step's answer first (a worker that lost
    /// its lease while this call was in flight), keeps that one: the step is answered once and charged once, and this
    /// answer is dropped (the provider was paid for it; the user is not charged for it).
    /// </summary>
    private async Task<LlmAnswer> RecordSuccessAsync(
        LlmCallContext context, string model, IReadOnlyList<LlmMessage> messages, LlmCallBounds bounds, LlmCompletion completion, TimeSpan latency)
    {
        // What this store adds (the call, its charge) is noted as it is tracked, so a refused store can take exactly
        // that back and leave the rest of the caller's unit of work as it was. (Listing the tracked entries instead
        // would run change detection over the whole unit of work on every call, which the save does anyway.)
        var added = new List<EntityEntry>();
        void OnTracked(object? sender, EntityTrackedEventArgs tracked)
        {
            if (!tracked.FromQuery)
            {
                added.Add(tracked.Entry);
            }
        }

        db.ChangeTracker.Tracked += OnTracked;
        try
        {
            var call = await StoreSuccessAsync(context, model, messages, bounds, completion, latency);
            return new LlmAnswer(call.Response!, call.Id, Replayed: false);
        }
        catch (DbUpdateException ex) when (context.ProjectId is { } projectId && SucceededKeyIndex.Refused(ex))
        {
            foreach (var entry in added.Where(e => e.State == EntityState.Added))
            {
                entry.State = EntityState.Detached;
            }

            LogStoredByAnother(context.Key);
            return await FindStoredAsync(projectId, context.Key, CancellationToken.None)
                ?? throw new InvalidOperationException($"Step {context.Key} collided with a stored answer that cannot be read back.", ex);
        }
        finally
        {
            db.ChangeTracker.Tracked -= OnTracked;
        }
    }

    /// <summary>The unique index that lets a step of a project succeed once (migration 0001, both databases).</summary>
    internal static readonly UniqueIndex SucceededKeyIndex = new("ux_llm_calls_succeeded_key", "llm_calls", "project_id", "call_key");

    private async Task<LlmCall> StoreSuccessAsync(
        LlmCallContext context, string model, IReadOnlyList<LlmMessage> messages, LlmCallBounds bounds, LlmCompletion completion, TimeSpan latency)
    {
        var text = ModelText.Sanitize(completion.Text);
        var estimated = completion.PromptTokens is null || completion.CompletionTokens is null;
        var promptTokens = completion.PromptTokens ?? TokenEstimate.Of(messages.Sum(m => m.Content.Length));
        var completionTokens = completion.CompletionTokens ?? TokenEstimate.Of(text);

        // Whatever the provider reports, a call is never counted (so never charged) beyond what it could have used.
        if (promptTokens > bounds.PromptTokens || completionTokens > bounds.CompletionTokens)
        {
            LogClamped(context.Key, model, promptTokens, completionTokens, bounds.PromptTokens, bounds.CompletionTokens);
        }

        var call = NewCall(context, model, LlmCallOutcome.Succeeded, latency);
        call.PromptTokens = Math.Clamp(promptTokens, 0, bounds.PromptTokens);
        call.CompletionTokens = Math.Clamp(completionTokens, 0, bounds.CompletionTokens);
        call.TokensEstimated = estimated;
        call.Response = text;
        db.Set<LlmCall>().Add(call);
        foreach (var hook in usageHooks)
        {
            await hook.OnSucceededAsync(db, call, CancellationToken.None);
        }

        // The answer and its charge are one transaction: a crash leaves both or neither. Not cancellable: the
        // provider has been paid, so the answer must be kept.
        await db.SaveChangesAsync(CancellationToken.None);
        metrics.LlmCall(call.Role, model, "succeeded", latency, call.PromptTokens, call.CompletionTokens);
        return call;
    }

    private async Task RecordFailureAsync(LlmCallContext context, string model, LlmCallOutcome outcome, string error, TimeSpan latency, CancellationToken cancellationToken)
    {
        var call = NewCall(context, model, outcome, latency);
        call.Error = ModelText.Sanitize(Utf8Text.Clip(error, MaxStoredErrorLength));
        db.Set<LlmCall>().Add(call);
        await db.SaveChangesAsync(cancellationToken);
        metrics.LlmCall(call.Role, model, outcome == LlmCallOutcome.ProtocolViolation ? "protocol_violation" : "failed", latency, 0, 0);
    }

    private LlmCall NewCall(LlmCallContext context, string model, LlmCallOutcome outcome, TimeSpan latency) => new()
    {
        ProjectId = context.ProjectId,
        UserId = context.UserId,
        CallKey = context.Key.ToString(),
        Role = context.Role.ToString().ToLowerInvariant(),
        Model = model,
        Outcome = outcome,
        ContextTokens = context.ContextTokens,
        LatencyMs = (long)latency.TotalMilliseconds,
        CreatedAt = time.GetUtcNow().UtcDateTime,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another worker stored the answer of {CallKey} first (this worker had lost its lease); that answer is kept and this one dropped")]
    private partial void LogStoredByAnother(CallKey callKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaying stored answer for {CallKey}")]
    private partial void LogReplayed(CallKey callKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM call {CallKey} failed ({Reason}); retry {Attempt} in {Delay}")]
    private partial void LogRetry(CallKey callKey, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Call {CallKey} to {Model} reported {PromptTokens}+{CompletionTokens} tokens, beyond its bounds {MaxPrompt}+{MaxCompletion}; counted at the bounds")]
    private partial void LogClamped(CallKey callKey, string model, int promptTokens, int completionTokens, int maxPrompt, int maxCompletion);
}

/// <summary>Token counts from text length, for providers that report no usage (about four characters a token).</summary>
public static class TokenEstimate
{
    public static int Of(int characters) => (characters + 3) / 4;

    public static int Of(string text) => Of(text.Length);
}
