using System.Globalization;
using System.Text;
using DevBot.Audit;
using DevBot.Billing;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Payments;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Conversation;

/// <summary>
/// <c>/admin</c> for the Telegram ids in ADMIN_TELEGRAM_IDS only; every use and refusal is audited. Bare, it shows
/// the service's vital signs; <c>/admin payments</c> lists the newest Stars payments; <c>/admin refund CHARGE_ID</c>
/// returns a payment's Stars and takes its credits back.
/// </summary>
public sealed class AdminCommand(
    DevBotDbContext db,
    JobQueue jobs,
    UserAccounts accounts,
    ProjectQueries projects,
    AuditTrail audit,
    TelegramOutbox outbox,
    StarPayments stars,
    IOptions<TelegramOptions> options,
    TimeProvider time)
{
    public const string StatsAction = "telegram.admin.stats";
    public const string DeniedAction = "telegram.admin.denied";
    public const string PaymentsAction = "telegram.admin.payments";
    public const string RefundAction = "telegram.admin.refund";

    private const int RecentPayments = 10;

    public async Task HandleAsync(ChatContext context, string argument, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var subcommand = parts.Length > 0 ? parts[0].ToLowerInvariant() : string.Empty;
        if (!options.Value.AdminIds.Contains(context.From.Id))
        {
            audit.Add(db, context.Actor, DeniedAction, new { command = ("/admin " + subcommand).Trim(), chatId = context.ChatId });
            outbox.Send(context.ChatId, words[TextKey.AdminDenied]);
            return;
        }

        switch (subcommand)
        {
            case "":
                await StatsAsync(context, cancellationToken);
                break;
            case "payments":
                await PaymentsAsync(context, cancellationToken);
                break;
            case "refund" when parts.Length == 2:
                Refund(context, parts[1]);
                break;
            default:
                outbox.Send(context.ChatId, words[TextKey.AdminUsage]);
                break;
        }
    }

    private async Task StatsAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime.AddHours(-24);
        var queued = await jobs.CountAsync(JobStatus.Queued, cancellationToken);
        var running = await jobs.CountAsync(JobStatus.Running, cancellationToken);
        var users = await accounts.CountAsync(cancellationToken);
        var telegramUsers = await db.Set<TelegramAccount>().CountAsync(cancellationToken);
        var (builds, failures) = await projects.ActivitySinceAsync(since, cancellationToken);
        var unsent = await db.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Pending, cancellationToken);
        var stats = new { queued, running, users, telegramUsers, builds, failures, unsent };
        audit.Add(db, context.Actor, StatsAction, stats);
        outbox.Send(context.ChatId, context.Words.Html(TextKey.AdminStats,
            ("queued", queued), ("running", running), ("users", users), ("telegram_users", telegramUsers),
            ("builds", builds), ("failures", failures), ("unsent", unsent)));
    }

    private async Task PaymentsAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var recent = await stars.RecentAsync(RecentPayments, cancellationToken);
        audit.Add(db, context.Actor, PaymentsAction, new { count = recent.Count });
        if (recent.Count == 0)
        {
            outbox.Send(context.ChatId, words[TextKey.AdminNoPayments]);
            return;
        }

        var text = new StringBuilder(words[TextKey.AdminPaymentsHeading]).Append('\n');
        foreach (var payment in recent)
        {
            text.Append('\n').Append(words.Html(payment.RefundedAt is null ? TextKey.AdminPaymentLine : TextKey.AdminRefundedPaymentLine,
                ("paid", payment.PaidAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                ("stars", payment.Stars),
                ("credits", CreditFormat.Show(CreditAmount.FromMicros(payment.CreditsMicros))),
                ("telegram_user", payment.TelegramUserId),
                ("charge", HtmlFragment.Code(payment.ChargeId))));
        }

        outbox.Send(context.ChatId, text.ToString());
    }

    /// <summary>Audited now; done once the update is committed (a call to Telegram must not hold the update's transaction).</summary>
    private void Refund(ChatContext context, string chargeId)
    {
        audit.Add(db, context.Actor, RefundAction, new { chargeId, chatId = context.ChatId });
        var (chatId, actor, words) = (context.ChatId, context.Actor, context.Words);
        context.Effects.AfterCommit(async (services, cancellationToken) =>
        {
            var result = await services.GetRequiredService<StarPayments>().RefundAsync(chargeId, actor, cancellationToken);
            services.GetRequiredService<TelegramOutbox>().Send(chatId, RefundReport(words, chargeId, result));
        });
    }

    private static string RefundReport(Words words, string chargeId, StarRefundResult result) => result switch
    {
        { Outcome: StarRefundOutcome.Refunded, Payment: { } payment } => words.Html(TextKey.AdminRefunded,
            ("stars", payment.Stars),
            ("credits", HtmlFragment.Bold(CreditFormat.Show(CreditAmount.FromMicros(payment.CreditsMicros)))),
            ("telegram_user", payment.TelegramUserId),
            ("balance", CreditFormat.Show(result.Balance ?? 0))),
        { Outcome: StarRefundOutcome.AlreadyRefunded } => words.Html(TextKey.AdminAlreadyRefunded, ("charge", HtmlFragment.Code(chargeId))),
        { Outcome: StarRefundOutcome.TelegramRefused } => words.Html(TextKey.AdminRefundRefused, ("charge", HtmlFragment.Code(chargeId)), ("reason", result.Problem)),
        _ => words.Html(TextKey.AdminNoSuchPayment, ("charge", HtmlFragment.Code(chargeId))),
    };
}
