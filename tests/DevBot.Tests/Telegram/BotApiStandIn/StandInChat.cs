using System.Text.Json.Nodes;

namespace DevBot.Tests.Telegram.BotApiStandIn;

/// <summary>A message as the stand-in holds it: current text (after edits), buttons, document, and its history.</summary>
public sealed class StandInMessage
{
    public long MessageId { get; init; }
    public long ChatId { get; init; }
    public string? Text { get; set; }
    public string? ParseMode { get; set; }
    public JsonNode? ReplyMarkup { get; set; }
    public string? DocumentName { get; init; }
    public byte[]? DocumentBytes { get; init; }
    public string? Caption { get; init; }

    /// <summary>An invoice's title, description, currency and total (the payload is kept in <see cref="InvoicePayload"/>).</summary>
    public JsonObject? Invoice { get; init; }

    public string? InvoicePayload { get; init; }

    /// <summary>Every text the message has shown, the first one included.</summary>
    public List<string> TextHistory { get; } = [];

    public int EditCount => Math.Max(0, TextHistory.Count - 1);

    public IEnumerable<(string Text, string Data)> Buttons =>
        (ReplyMarkup?["inline_keyboard"] as JsonArray ?? [])
            .SelectMany(row => row as JsonArray ?? [])
            .Select(b => (b?["text"]?.GetValue<string>() ?? "", b?["callback_data"]?.GetValue<string>() ?? ""));

    public string ButtonData(string text) => Buttons.First(b => b.Text == text).Data;

    public bool HasButton(string text) => Buttons.Any(b => b.Text == text);
}

/// <summary>A user on the Telegram side of a test; in a private chat the chat id is the user id.</summary>
public sealed record StandInUser(long Id, string FirstName, string? Username = null, string LanguageCode = "en")
{
    public long ChatId => Id;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["is_bot"] = false,
        ["first_name"] = FirstName,
        ["username"] = Username,
        ["language_code"] = LanguageCode,
    };

    public JsonObject ChatJson() => new() { ["id"] = ChatId, ["type"] = "private", ["first_name"] = FirstName };
}

/// <summary>One Bot API request as it arrived, and what the stand-in answered.</summary>
public sealed record RecordedCall(string Method, JsonObject Parameters, int Status, string Token)
{
    public long? ChatId => Parameters["chat_id"] is JsonValue value
        ? value.TryGetValue<long>(out var id) ? id : long.TryParse(value.ToString(), out var parsed) ? parsed : null
        : null;

    public bool Succeeded => Status == 200;
}

/// <summary>One webhook delivery attempt.</summary>
public sealed record WebhookDelivery(long UpdateId, int Status);

/// <summary>A payment the stand-in made for a user: its charge id, and whether it was refunded.</summary>
public sealed record StandInCharge(string ChargeId, long UserId, string Currency, long TotalAmount, string InvoicePayload)
{
    public bool Refunded { get; set; }
}

/// <summary>How the bot answered a pre-checkout query.</summary>
public sealed record PreCheckoutAnswer(string QueryId, bool Ok, string? ErrorMessage);
