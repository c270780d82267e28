using DevBot.Data;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Persistence;
using Telegram.Bot.Types.ReplyMarkups;

namespace DevBot.Telegram.Outbox;

/// <summary>
/// Adds outgoing messages to the caller's unit of work: they go out only if the caller's transaction commits,
/// exactly once, in order per chat. Call <see cref="OutboxSignal.Pulse"/> after the commit for a prompt send.
/// </summary>
internal sealed class TelegramOutbox(DevBotDbContext db, TimeProvider time)
{
    /// <summary>A message; text longer than Telegram allows becomes several, the buttons go on the last.</summary>
    public void Send(long chatId, string html, InlineKeyboardMarkup? keyboard = null, Guid? projectId = null) =>
        AddParts(chatId, OutboxKind.Message, html, keyboard, projectId);

    /// <summary>A message with a secret in it; its stored copy is wiped as soon as it has been sent.</summary>
    public void SendSecret(long chatId, string html) => AddParts(chatId, OutboxKind.SecretMessage, html, null, null);

    /// <summary>The project's progress message, sent once and then edited in place; only the newest text matters.</summary>
    public void SetProgress(Guid projectId, long chatId, string html, InlineKeyboardMarkup? keyboard = null) =>
        Add(chatId, OutboxKind.Progress, projectId, OutboxPayload.Write(new TextPayload(TelegramHtml.Truncate(html, TelegramHtml.MessageLimit), keyboard)));

    /// <summary>The project's ZIP as a document (a download link instead when it is too large for Telegram).</summary>
    public void SendArchive(Guid projectId, long chatId, string captionHtml, string fileName, string language, InlineKeyboardMarkup? keyboard = null) =>
        Add(chatId, OutboxKind.Archive, projectId, OutboxPayload.Write(new ArchivePayload(TelegramHtml.Truncate(captionHtml, TelegramHtml.CaptionLimit), fileName, language, keyboard)));

    /// <summary>An invoice payable in Telegram Stars (sendInvoice), in order with the chat's other messages.</summary>
    public void SendInvoice(long chatId, InvoicePayload invoice) => Add(chatId, OutboxKind.Invoice, null, OutboxPayload.Write(invoice));

    private void AddParts(long chatId, OutboxKind kind, string html, InlineKeyboardMarkup? keyboard, Guid? projectId)
    {
        var parts = TelegramHtml.Split(html);
        for (var i = 0; i < parts.Count; i++)
        {
            var last = i == parts.Count - 1;
            Add(chatId, kind, projectId, OutboxPayload.Write(new TextPayload(parts[i], last ? keyboard : null)));
        }
    }

    private void Add(long chatId, OutboxKind kind, Guid? projectId, string payload)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            ChatId = chatId,
            Kind = kind,
            ProjectId = projectId,
            Payload = payload,
            NotBefore = now,
            CreatedAt = now,
        });
    }
}
