using System.Text.Json;
using System.Text.Json.Serialization;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>
/// The verdict as the reviewer model writes it: <c>APPROVED</c> or <c>REJECTED</c>, read in any case and spacing.
/// Anything else reads as no verdict (null), so the answer can be sent back with a precise problem instead of
/// failing to parse.
/// </summary>
internal sealed class ModelVerdictJsonConverter : JsonConverter<StepVerdict?>
{
    /// <summary>The words the model may answer, in schema order.</summary>
    public static IReadOnlyList<string> Words { get; } = Enum.GetNames<StepVerdict>().Select(n => n.ToUpperInvariant()).ToList();

    public override bool HandleNull => true;

    public override StepVerdict? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        var word = reader.GetString()?.Trim();
        return Enum.TryParse<StepVerdict>(word, ignoreCase: true, out var verdict) && Enum.IsDefined(verdict) && !int.TryParse(word, out _)
            ? verdict
            : null;
    }

    public override void Write(Utf8JsonWriter writer, StepVerdict? value, JsonSerializerOptions options)
    {
        if (value is { } verdict)
        {
            writer.WriteStringValue(verdict.ToString().ToUpperInvariant());
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
