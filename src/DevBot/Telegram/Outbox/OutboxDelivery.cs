using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Payments;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.Payments;

namespace DevBot.Telegram.Outbox;

/// <summary>
/// Sends one outbox message and records the result in the same step. A message once sent is marked sent right
/// away; the only window for a repeat is a crash between Telegram's answer and that commit (milliseconds).
/// </summary>
internal sealed class OutboxDelivery(
    DevBotDbContext db,
    ITelegramBotClient bot,
    IProjectArchiveReader archives,
    ProjectQueries projectQueries,
    ArchiveLinks links,
    BotTexts texts,
    TimeProvider time,
    TelegramMetrics metrics,
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
        var method = MethodOf(row.Kind);
        try
        {
            switch (row.Kind)
            {
                case OutboxKind.Message or OutboxKind.SecretMessage:
                    var sent = await SendTextAsync(row.ChatId, OutboxPayload.Read<TextPayload>(row.Payload));
                    MarkSent(row, sent.MessageId);
                    break;
                case OutboxKind.Progress:
                    await DeliverProgressAsync(row, cancellationToken);
                    break;
                case OutboxKind.Archive:
                    await DeliverArchiveAsync(row, cancellationToken);
                    break;
                case OutboxKind.Invoice:
                    var invoice = await SendInvoiceAsync(row.ChatId, OutboxPayload.Read<InvoicePayload>(row.Payload));
                    MarkSent(row, invoice.MessageId);
                    break;
            }
        }
        catch (Exception ex) when (BotApiFailure.Of(ex) is { IsTooManyRequests: true } failure)
        {
            pausedUntil = time.GetUtcNow() + (failure.RetryAfter ?? TimeSpan.FromSeconds(1));
            row.NotBefore = pausedUntil.Value.UtcDateTime;
            row.LastError = failure.Describe(method);
            logger.LogWarning("Telegram asked to slow down for {RetryAfter}; message {Id} waits", failure.RetryAfter, row.Id);
        }
        catch (Exception ex) when (BotApiFailure.Of(ex) is { IsTransient: true } failure && row.Attempts + 1 < MaxAttempts)
        {
            row.Attempts++;
            var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, row.Attempts), MaxBackoff.TotalSeconds));
            row.NotBefore = time.GetUtcNow().UtcDateTime + backoff;
            row.LastError = failure.Describe(method);
            logger.LogWarning("Telegram message {Id} not sent ({Error}); trying again in {Backoff}", row.Id, row.LastError, backoff);
        }
        catch (Exception ex) when (BotApiFailure.Of(ex) is { } failure)
        {
            row.Attempts++;
            row.Status = OutboxStatus.Failed;
            row.LastError = failure.Describe(method);
            logger.LogWarning("Telegram message {Id} to chat {ChatId} given up: {Error}", row.Id, row.ChatId, row.LastError);
        }

        if (row.Kind == OutboxKind.SecretMessage && row.Status != OutboxStatus.Pending)
        {
            row.Payload = "{}";
        }

        await db.SaveChangesAsync(cancellationToken);
        metrics.Delivered(row.Kind, row.Status switch
        {
            OutboxStatus.Sent => OutboxDeliveryResult.Sent,
            OutboxStatus.Failed => OutboxDeliveryResult.Failed,
            _ when pausedUntil is not null => OutboxDeliveryResult.Paused,
            _ => OutboxDeliveryResult.Retrying,
        });
        return pausedUntil;
    }

    private static string MethodOf(OutboxKind kind) => kind switch
    {
        OutboxKind.Progress => "editMessageText",
        OutboxKind.Archive => "sendDocument",
        OutboxKind.Invoice => "sendInvoice",
        _ => "sendMessage",
    };

    private void MarkSent(OutboxMessage row, long? messageId)
    {
        row.Status = OutboxStatus.Sent;
        row.SentAt = time.GetUtcNow().UtcDateTime;
        row.SentMessageId = messageId;
        row.Attempts++;
        row.LastError = null;
    }

    private async Task<Message> SendTextAsync(long chatId, TextPayload payload)
    {
        try
        {
            using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time);
            return await bot.SendMessage(chatId, payload.Html, ParseMode.Html, replyMarkup: payload.Keyboard,
                linkPreviewOptions: BotApiClient.NoPreview, cancellationToken: deadline.Token);
        }
        catch (Exception ex) when (BotApiFailure.Of(ex) is { IsUnparsable: true } failure)
        {
            // Our own HTML was refused: the words still matter more than the formatting.
            logger.LogError("Telegram could not parse a message's HTML ({Error}); sending it as plain text", failure.Description);
            using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time);
            return await bot.SendMessage(chatId, TelegramHtml.ToPlainText(payload.Html), replyMarkup: payload.Keyboard,
                linkPreviewOptions: BotApiClient.NoPreview, cancellationToken: deadline.Token);
        }
    }

    private async Task DeliverProgressAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var payload = OutboxPayload.Read<TextPayload>(row.Payload);
        var chat = await db.Set<ProjectChat>().SingleOrDefaultAsync(p => p.ProjectId == row.ProjectId && p.ChatId == row.ChatId, cancellationToken);

        long messageId;
        if (chat?.ProgressMessageId is { } existing && await TryEditAsync(row.ChatId, checked((int)existing), payload))
        {
            messageId = existing;
        }
        else
        {
            messageId = (await SendTextAsync(row.ChatId, payload)).MessageId;
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
    private async Task<bool> TryEditAsync(long chatId, int messageId, TextPayload payload)
    {
        try
        {
            using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time);
            await bot.EditMessageText(chatId, messageId, payload.Html, ParseMode.Html, payload.Keyboard,
                BotApiClient.NoPreview, cancellationToken: deadline.Token);
            return true;
        }
        catch (Exception ex) when (BotApiFailure.Of(ex) is { } failure && (failure.IsMessageNotModified || failure.IsMessageToEditMissing || failure.IsUnparsable))
        {
            if (failure.IsMessageToEditMissing)
            {
                return false;
            }

            if (failure.IsUnparsable)
            {
                logger.LogError("Telegram could not parse a progress message's HTML ({Error}); sending it as plain text", failure.Description);
                using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time);
                await bot.EditMessageText(chatId, messageId, TelegramHtml.ToPlainText(payload.Html), replyMarkup: payload.Keyboard,
                    linkPreviewOptions: BotApiClient.NoPreview, cancellationToken: deadline.Token);
            }

            return true;
        }
    }

    private async Task DeliverArchiveAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var payload = OutboxPayload.Read<ArchivePayload>(row.Payload);
        var projectId = row.ProjectId ?? throw new InvalidOperationException("An archive message names no project.");
        var (_, size) = await projectQueries.ArchiveAsync(projectId, cancellationToken);
        if (size > MaxDocumentBytes)
        {
            var sent = await SendTextAsync(row.ChatId, new TextPayload(payload.CaptionHtml + "\n\n" + links.TooLargeForTelegram(projectId, size.Value, texts.For(payload.Language)), payload.Keyboard));
            MarkSent(row, sent.MessageId);
            return;
        }

        await using var stream = await archives.OpenAsync(projectId, cancellationToken);
        if (stream is null)
        {
            row.Attempts++;
            row.Status = OutboxStatus.Failed;
            row.LastError = "The project's archive is not in storage.";
            logger.LogWarning("Telegram message {Id}: the archive of project {ProjectId} is not in storage", row.Id, projectId);
            return;
        }

        using var content = new MemoryStream();
        await stream.CopyToAsync(content, cancellationToken);
        content.Position = 0;
        await SendChatActionQuietlyAsync(row.ChatId);
        using var deadline = new BotApiDeadline(BotApiClient.UploadTimeout, time);
        var document = await bot.SendDocument(row.ChatId, InputFile.FromStream(content, payload.FileName), payload.CaptionHtml, ParseMode.Html,
            replyMarkup: payload.Keyboard, cancellationToken: deadline.Token);
        MarkSent(row, document.MessageId);
    }

    private async Task<Message> SendInvoiceAsync(long chatId, InvoicePayload invoice)
    {
        using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time);

        // Stars need no payment provider: no provider_token, exactly one price.
        return await bot.SendInvoice(chatId, invoice.Title, invoice.Description, invoice.Payload, StarPack.Currency,
            [new LabeledPrice(invoice.PriceLabel, invoice.Stars)], cancellationToken: deadline.Token);
    }

    private async Task SendChatActionQuietlyAsync(long chatId)
    {
        try
        {
            using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time);
            await bot.SendChatAction(chatId, ChatAction.UploadDocument, cancellationToken: deadline.Token);
        }
        catch (Exception ex) when (BotApiFailure.Of(ex) is { IsTooManyRequests: false } failure)
        {
            // "Sending a file..." is a courtesy; the document itself is what matters.
            logger.LogDebug("sendChatAction failed: {Error}", failure.Description);
        }
    }
}
