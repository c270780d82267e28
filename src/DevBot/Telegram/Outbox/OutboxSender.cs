using DevBot.Data;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Outbox;

/// <summary>
/// The one sender of everything the bot says. It takes the oldest pending message of each chat (so each chat
/// hears things in order) once <see cref="SendRateLimiter"/> says the chat may hear more, sends to several chats at
/// once (the bot client keeps each request within Telegram's limits), and records each result in the outbox. A 429 pauses sending for its retry_after and the message is tried again.
/// </summary>
internal sealed class OutboxSender(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    TelegramLeadership leadership,
    SendRateLimiter limiter,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<OutboxSender> logger) : LeaderLoop(leadership, time, logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private const int HeadsPerRound = 200;

    private readonly Dictionary<long, Task> _inFlight = [];

    protected override async Task RunRoundAsync(CancellationToken stoppingToken)
    {
        var wakeAt = await StartReadySendsAsync(_inFlight, stoppingToken);
        var wait = wakeAt - Time.GetUtcNow();
        var wake = signal.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Time, stoppingToken);
        await Task.WhenAny(_inFlight.Values.Append(wake));
        foreach (var done in _inFlight.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList())
        {
            _inFlight.Remove(done);
        }
    }

    protected override Task OnStoppedAsync() => Task.WhenAll(_inFlight.Values);

    /// <summary>Starts a send for every chat whose next message may go now; returns when to look again.</summary>
    private async Task<DateTimeOffset> StartReadySendsAsync(Dictionary<long, Task> inFlight, CancellationToken stoppingToken)
    {
        var now = Time.GetUtcNow();
        var wakeAt = now + PollInterval;
        var heads = await LoadHeadsAsync(stoppingToken);
        foreach (var head in heads)
        {
            if (inFlight.Count >= options.Value.SendConcurrency)
            {
                break;
            }

            if (inFlight.ContainsKey(head.ChatId))
            {
                continue;
            }

            var readyAt = new DateTimeOffset(head.NotBefore, TimeSpan.Zero);
            var chatReadyAt = limiter.ChatReadyAt(head.ChatId);
            readyAt = chatReadyAt > readyAt ? chatReadyAt : readyAt;
            if (readyAt > now)
            {
                wakeAt = readyAt < wakeAt ? readyAt : wakeAt;
                continue;
            }

            inFlight[head.ChatId] = Task.Run(() => SendAsync(head, stoppingToken), stoppingToken);
        }

        limiter.Prune(now - TimeSpan.FromMinutes(1));
        return wakeAt;
    }

    private async Task<List<OutboxMessage>> LoadHeadsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<OutboxMessage>();
        return await outbox.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending
                && m.Id == outbox.Where(p => p.ChatId == m.ChatId && p.Status == OutboxStatus.Pending).Min(p => p.Id))
            .OrderBy(m => m.Id)
            .Take(HeadsPerRound)
            .ToListAsync(cancellationToken);
    }

    private async Task SendAsync(OutboxMessage head, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var delivery = scope.ServiceProvider.GetRequiredService<OutboxDelivery>();
            if (await delivery.DeliverAsync(head.Id) is { } pausedUntil)
            {
                limiter.Pause(head.ChatId, pausedUntil);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Not sent yet: the message stays pending for the next start.
        }
#pragma warning disable CA1031 // One message's trouble (a database blip while recording) must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Sending Telegram outbox message {Id} failed", head.Id);
        }
    }
}
