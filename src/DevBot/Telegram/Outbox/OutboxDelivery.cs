using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Outbox;

/// <summary>
/// Sends one outbox message and records the result in the same step. A message once sent is marked sent right
/// away; the only window for a repeat is a crash between Telegram's answer and that commit (milliseconds).
/// </summary>
public sealed class OutboxDelivery(
    DevBotDbContext db,
    ITelegramBotApi api,
    IProjectArchiveReader archives,
    ArchiveLinks links,
    TimeProvider time,
    ILogger<OutboxDelivery> logger)
{
    /// <summary>Telegram refuses bot uploads above 50 MB.</summary>
    public const long MaxDocumentBytes = 50L * 1024 * 1024;

    private const int MaxAttempts = 10;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Sends the message if it is still pending; returns until when Telegram asked for a pause (429), if it did.</summary>
    public async Task<DateTimeOffset?> DeliverAsync(long outboxId)
    {
        // Once a request is on its way, it is finished and recorded even during shutdown: an abandoned request
        // may have been delivered, and sending it again after the restart would show it twice.
        var cancellationToken = CancellationToken.None;
        var row = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == outboxId && m.Status == OutboxStatus.Pending, cancellationToken);
        if (row is null)
        {
            return null;
        }

        DateTimeOffset? pausedUntil = null;
        try
        {
            switch (row.Kind)
            {
                case OutboxKind.Message or OutboxKind.SecretMessage:
                    var sent = await SendTextAsync(row.ChatId, OutboxPayload.Read<TextPayload>(row.Payload), cancellationToken);
                    MarkSent(row, sent.MessageId);
                    break;
                case OutboxKind.Progress:
                    await DeliverProgressAsync(row, cancellationToken);
                    break;
                case OutboxKind.Archive:
                    await DeliverArchiveAsync(row, cancellationToken);
                    break;
            }
        }
        catch (TelegramApiException ex) when (ex.IsTooManyRequests)
        {
            var now = time.GetUtcNow();
            pausedUntil = now + (ex.RetryAfter ?? TimeSpan.FromSeconds(1));
            row.NotBefore = pausedUntil.Value.UtcDateTime;
            row.LastError = ex.Message;
            logger.LogWarning("Telegram asked to slow down for {RetryAfter}; message {Id} waits", ex.RetryAfter, row.Id);
        }
        catch (TelegramApiException ex) when (ex.IsTransient && row.Attempts + 1 < MaxAttempts)
        {
            row.Attempts++;
            var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, row.Attempts), MaxBackoff.TotalSeconds));
            row.NotBefore = time.GetUtcNow().UtcDateTime + backoff;
            row.LastError = ex.Message;
            logger.LogWarning("Telegram message {Id} not sent ({Error}); trying again in {Backoff}", row.Id, ex.Message, backoff);
        }
        catch (TelegramApiException ex)
        {
            row.Attempts++;
            row.Status = OutboxStatus.Failed;
            row.LastError = ex.Message;
            logger.LogWarning("Telegram message {Id} to chat {ChatId} given up: {Error}", row.Id, row.ChatId, ex.Message);
        }

        if (row.Kind == OutboxKind.SecretMessage && row.Status != OutboxStatus.Pending)
        {
            row.Payload = "{}";
        }

        await db.SaveChangesAsync(cancellationToken);
        return pausedUntil;
    }

    private void MarkSent(OutboxMessage row, long? messageId)
    {
        row.Status = OutboxStatus.Sent;
        row.SentAt = time.GetUtcNow().UtcDateTime;
        row.SentMessageId = messageId;
        row.Attempts++;
        row.LastError = null;
    }

    private async Task<Message> SendTextAsync(long chatId, TextPayload payload, CancellationToken cancellationToken)
    {
        try
        {
            return await api.SendMessageAsync(new SendMessageRequest(chatId, payload.Html) { ReplyMarkup = payload.Keyboard }, cancellationToken);
        }
        catch (TelegramApiException ex) when (IsUnparsable(ex))
        {
            // Our own HTML was refused: the words still matter more than the formatting.
            logger.LogError("Telegram could not parse a message's HTML ({Error}); sending it as plain text", ex.Description);
            return await api.SendMessageAsync(
                new SendMessageRequest(chatId, TelegramHtml.ToPlainText(payload.Html)) { ParseMode = null, ReplyMarkup = payload.Keyboard },
                cancellationToken);
        }
    }

    private async Task DeliverProgressAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var payload = OutboxPayload.Read<TextPayload>(row.Payload);
        var chat = await db.Set<ProjectChat>().SingleOrDefaultAsync(p => p.ProjectId == row.ProjectId && p.ChatId == row.ChatId, cancellationToken);

        long messageId;
        if (chat?.ProgressMessageId is { } existing && await TryEditAsync(row.ChatId, existing, payload, cancellationToken))
        {
            messageId = existing;
        }
        else
        {
            messageId = (await SendTextAsync(row.ChatId, payload, cancellationToken)).MessageId;
            if (chat is not null)
            {
                chat.ProgressMessageId = messageId;
                chat.UpdatedAt = time.GetUtcNow().UtcDateTime;
            }
        }

        MarkSent(row, messageId);

        // This text is shown; of the ones queued behind it only the newest still matters. Skipping the rest is
        // what keeps a fast build's progress within the chat's message rate.
        var queuedBehind = await db.Set<OutboxMessage>()
            .Where(m => m.ProjectId == row.ProjectId && m.ChatId == row.ChatId && m.Kind == OutboxKind.Progress
                && m.Status == OutboxStatus.Pending && m.Id > row.Id)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        foreach (var stale in queuedBehind.SkipLast(1))
        {
            stale.Status = OutboxStatus.Superseded;
        }
    }

    /// <summary>False when the message to edit is gone, so a fresh one must be sent.</summary>
    private async Task<bool> TryEditAsync(long chatId, long messageId, TextPayload payload, CancellationToken cancellationToken)
    {
        try
        {
            await api.EditMessageTextAsync(new EditMessageTextRequest(chatId, messageId, payload.Html) { ReplyMarkup = payload.Keyboard }, cancellationToken);
            return true;
        }
        catch (TelegramApiException ex) when (ex.IsMessageNotModified)
        {
            return true;
        }
        catch (TelegramApiException ex) when (ex.IsMessageToEditMissing)
        {
            return false;
        }
        catch (TelegramApiException ex) when (IsUnparsable(ex))
        {
            logger.LogError("Telegram could not parse a progress message's HTML ({Error}); sending it as plain text", ex.Description);
            await api.EditMessageTextAsync(
                new EditMessageTextRequest(chatId, messageId, TelegramHtml.ToPlainText(payload.Html)) { ParseMode = null, ReplyMarkup = payload.Keyboard },
                cancellationToken);
            return true;
        }
    }

    private async Task DeliverArchiveAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var payload = OutboxPayload.Read<ArchivePayload>(row.Payload);
        var projectId = row.ProjectId ?? throw new InvalidOperationException("An archive message names no project.");
        var size = await db.Set<Project>().Where(p => p.Id == projectId).Select(p => p.ArchiveSize).SingleOrDefaultAsync(cancellationToken);
        if (size > MaxDocumentBytes)
        {
            var sent = await SendTextAsync(row.ChatId, new TextPayload(payload.CaptionHtml + "\n\n" + links.TooLargeForTelegram(projectId, size.Value)), cancellationToken);
            MarkSent(row, sent.MessageId);
            return;
        }

        byte[] content;
        await using (var stream = await archives.OpenAsync(projectId, cancellationToken)
            ?? throw new TelegramApiException("sendDocument", 404, "the project's archive is not in storage"))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        await SendChatActionQuietlyAsync(row.ChatId, cancellationToken);
        var document = await api.SendDocumentAsync(
            new SendDocumentRequest(row.ChatId, payload.FileName, content) { Caption = payload.CaptionHtml },
            cancellationToken);
        MarkSent(row, document.MessageId);
    }

    private async Task SendChatActionQuietlyAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            await api.SendChatActionAsync(new SendChatActionRequest(chatId, ChatActions.UploadDocument), cancellationToken);
        }
        catch (TelegramApiException ex) when (!ex.IsTooManyRequests)
        {
            // "Sending a file..." is a courtesy; the document itself is what matters.
            logger.LogDebug("sendChatAction failed: {Error}", ex.Message);
        }
    }

    private static bool IsUnparsable(TelegramApiException ex) =>
        ex.ErrorCode == 400 && ex.Description.Contains("can't parse entities", StringComparison.OrdinalIgnoreCase);
}
