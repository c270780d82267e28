using System.Globalization;
using DevBot.Data;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Telegram.Bot;

namespace DevBot.Telegram;

/// <summary>
/// Readiness of the bot: the Bot API answered lately (any real answer within <see cref="RecentAnswer"/>, else a
/// getMe, cached for <see cref="ProbeCacheFor"/>) and the outbox is keeping up (its oldest waiting message is younger
/// than <see cref="MaxBacklogAge"/>). Degraded, not Unhealthy, when either fails: the HTTP API and the builds go on
/// without Telegram, so the process must stay in its load balancer.
/// </summary>
internal sealed class TelegramHealthCheck(
    ITelegramBotClient bot,
    BotApiHeartbeat heartbeat,
    TelegramProbeCache cache,
    TelegramLeadership leadership,
    DevBotDbContext db,
    TimeProvider time) : IHealthCheck
{
    /// <summary>Longer than the longest long poll (TELEGRAM_POLL_TIMEOUT_SECONDS ≤ 50), so a polling bot never needs a probe.</summary>
    public static readonly TimeSpan RecentAnswer = TimeSpan.FromSeconds(90);

    public static readonly TimeSpan ProbeCacheFor = TimeSpan.FromSeconds(30);

    /// <summary>At 30 messages a second this is a backlog of thousands of messages: the sender is not keeping up.</summary>
    public static readonly TimeSpan MaxBacklogAge = TimeSpan.FromMinutes(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (apiAnswers, api) = await BotApiAsync(cancellationToken);
        OutboxBacklog backlog;
        try
        {
            backlog = await OutboxBacklog.ReadAsync(db, time, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"{api}; the outbox cannot be read: {ex.GetType().Name}");
        }

        var runner = leadership.IsHeld ? "this process runs the bot" : "another process runs the bot";
        var outbox = $"{backlog.Pending} message(s) waiting" + (backlog.Pending > 0 ? $", the oldest for {Seconds(backlog.OldestPendingAge)} s" : "");
        var data = new Dictionary<string, object>
        {
            ["outboxPending"] = backlog.Pending,
            ["outboxOldestPendingSeconds"] = (int)backlog.OldestPendingAge.TotalSeconds,
            ["leader"] = leadership.IsHeld,
        };
        if (!apiAnswers)
        {
            return HealthCheckResult.Degraded($"unavailable: {api}; check TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL ({outbox})", data: data);
        }

        return backlog.OldestPendingAge > MaxBacklogAge
            ? HealthCheckResult.Degraded($"outbox behind: {outbox}; {api}, {runner}", data: data)
            : HealthCheckResult.Healthy($"{api}, {runner}; {outbox}", data);
    }

    private async Task<(bool Answers, string Description)> BotApiAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (heartbeat.LastAnswer is { } last && now - last < RecentAnswer)
        {
            return (true, $"the Bot API answered {Seconds(now - last)} s ago");
        }

        await cache.Gate.WaitAsync(cancellationToken);
        try
        {
            if (cache.Last is not { } probe || time.GetUtcNow() - probe.At >= ProbeCacheFor)
            {
                var (answers, description) = await ProbeAsync(cancellationToken);
                probe = (time.GetUtcNow(), answers, description);
                cache.Last = probe;
            }

            return (probe.Answers, probe.Description);
        }
        finally
        {
            cache.Gate.Release();
        }
    }

    private async Task<(bool Answers, string Description)> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var deadline = new BotApiDeadline(TimeSpan.FromSeconds(5), time, cancellationToken);
            var me = await bot.GetMe(deadline.Token);
            return (true, $"the Bot API answers getMe (@{me.Username})");
        }
        catch (Exception ex) when (BotApiFailure.Of(ex, cancellationToken) is { } failure)
        {
            return (false, failure.Describe("getMe"));
        }
    }

    private static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}

/// <summary>The last getMe probe of this host (health checks themselves are created per check run).</summary>
internal sealed class TelegramProbeCache : IDisposable
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public (DateTimeOffset At, bool Answers, string Description)? Last { get; set; }

    public void Dispose() => Gate.Dispose();
}
