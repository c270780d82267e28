using System.Text.Json;
using System.Text.Json.Serialization;

namespace DevBot.Shared;

/// <summary>Writes an enum as its snake_case name (<c>in_progress</c>), the word the API and the database use; reads any case.</summary>
public sealed class SnakeCaseEnumJsonConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
