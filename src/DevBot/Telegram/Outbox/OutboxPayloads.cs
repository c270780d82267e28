using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace DevBot.Telegram.Outbox;

/// <summary>A message's HTML text (already within Telegram's limit) and its buttons.</summary>
internal sealed record TextPayload(string Html, InlineKeyboardMarkup? Keyboard = null);

/// <summary>The project's archive as a document with this caption; the language is that of the words sent instead when it is too large.</summary>
internal sealed record ArchivePayload(string CaptionHtml, string FileName, string? Language = null, InlineKeyboardMarkup? Keyboard = null);

/// <summary>An invoice payable in Telegram Stars: one price, no payment provider.</summary>
internal sealed record InvoicePayload(string Title, string Description, string Payload, string PriceLabel, int Stars);

/// <summary>Payloads are stored in the Bot API's own JSON conventions (snake_case, defaults left out).</summary>
internal static class OutboxPayload
{
    public static string Write<T>(T payload) => JsonSerializer.Serialize(payload, JsonBotAPI.Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, JsonBotAPI.Options) ?? throw new InvalidOperationException("An outbox payload is empty.");
}
