using System.Text.Json;

namespace DevBot.Telegram.BotApi;

/// <summary>The envelope of every Bot API answer: <c>{"ok":true,"result":...}</c> or <c>{"ok":false,"error_code":...}</c>.</summary>
public sealed record BotApiResponse
{
    public bool Ok { get; init; }
    public JsonElement Result { get; init; }
    public int? ErrorCode { get; init; }
    public string? Description { get; init; }
    public ResponseParameters? Parameters { get; init; }
}

public sealed record ResponseParameters
{
    /// <summary>Seconds to wait before repeating a request refused with 429.</summary>
    public int? RetryAfter { get; init; }

    /// <summary>The group became a supergroup with this id.</summary>
    public long? MigrateToChatId { get; init; }
}
