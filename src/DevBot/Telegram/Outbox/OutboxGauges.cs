using DevBot.Data;
using DevBot.Observability;

namespace DevBot.Telegram.Outbox;

/// <summary>The outbox backlog at scrape time: what waits to go out to Telegram and for how long.</summary>
internal sealed class OutboxGauges(DevBotDbContext db, TimeProvider time) : IScrapedGauges
{
    public async Task<IReadOnlyList<GaugeFamily>> ReadAsync(CancellationToken cancellationToken)
    {
        var backlog = await OutboxBacklog.ReadAsync(db, time, cancellationToken);
        return
        [
            new GaugeFamily("devbot_telegram_outbox_pending", "Telegram messages waiting in the outbox (all processes sharing the database).",
                [GaugeSample.Of(backlog.Pending)]),
            new GaugeFamily("devbot_telegram_outbox_oldest_pending_seconds", "How long the oldest waiting Telegram message has waited (0 when none waits).",
                [GaugeSample.Of(backlog.OldestPendingAge.TotalSeconds)]),
        ];
    }
}
