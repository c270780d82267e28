using System.Text.Json;
using System.Text.Json.Serialization;

namespace DevBot.Telegram.BotApi;

/// <summary>The Bot API's JSON conventions: snake_case names, absent rather than null optional fields.</summary>
public static class BotApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
