using DevBot.Audit;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Conversation;

/// <summary><c>/admin</c>: the service's vital signs, for the Telegram ids in ADMIN_TELEGRAM_IDS only; every use and refusal is audited.</summary>
public sealed class AdminCommand(DevBotDbContext db, AuditTrail audit, TelegramOutbox outbox, IOptions<TelegramOptions> options, TimeProvider time)
{
    public const string StatsAction = "telegram.admin.stats";
    public const string DeniedAction = "telegram.admin.denied";

    public async Task HandleAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!options.Value.AdminIds.Contains(context.From.Id))
        {
            audit.Add(db, context.Actor, DeniedAction, new { command = "/admin", chatId = context.ChatId });
            outbox.Send(context.ChatId, "Sorry, /admin is for DevBot's administrators only.");
            return;
        }

        var since = now.AddHours(-24);
        var queued = await db.Set<Job>().CountAsync(j => j.Status == JobStatus.Queued, cancellationToken);
        var running = await db.Set<Job>().CountAsync(j => j.Status == JobStatus.Running, cancellationToken);
        var users = await db.Set<User>().CountAsync(cancellationToken);
        var telegramUsers = await db.Set<TelegramAccount>().CountAsync(cancellationToken);
        var builds = await db.Set<Project>().CountAsync(p => p.CreatedAt >= since, cancellationToken);
        var failures = await db.Set<Project>().CountAsync(p => p.Status == ProjectStatus.Failed && p.UpdatedAt >= since, cancellationToken);
        var unsent = await db.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Pending, cancellationToken);
        var stats = new { queued, running, users, telegramUsers, builds, failures, unsent };
        audit.Add(db, context.Actor, StatsAction, stats);
        outbox.Send(context.ChatId,
            "<b>DevBot status</b>\n"
            + $"Queue: {queued} waiting, {running} running\n"
            + $"Users: {users} ({telegramUsers} on Telegram)\n"
            + $"Last 24 h: {builds} builds, {failures} failed\n"
            + $"Telegram messages waiting to go out: {unsent}");
    }
}
