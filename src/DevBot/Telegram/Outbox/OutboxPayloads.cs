using System.Text.Json;
using DevBot.Telegram.BotApi;

namespace DevBot.Telegram.Outbox;

/// <summary>A message's HTML text (already within Telegram's limit) and its buttons.</summary>
public sealed record TextPayload(string Html, InlineKeyboardMarkup? Keyboard = null);

/// <summary>The project's archive as a document with this caption.</summary>
public sealed record ArchivePayload(string CaptionHtml, string FileName);

internal static class OutboxPayload
{
    public static string Write<T>(T payload) => JsonSerializer.Serialize(payload, BotApiJson.Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, BotApiJson.Options) ?? throw new InvalidOperationException("An outbox payload is empty.");
}
