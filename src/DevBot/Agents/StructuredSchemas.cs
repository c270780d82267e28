using System.Collections.Concurrent;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>
/// JSON schemas for structured answers, generated from the records that read them, in the form OpenAI's strict
/// <c>json_schema</c> mode accepts: every object closed (<c>additionalProperties: false</c>) with every property
/// required, descriptions from <see cref="DescriptionAttribute"/>, the verdict as its two words.
/// </summary>
internal static class StructuredSchemas
{
    private static readonly ConcurrentDictionary<Type, string> Cache = new();

    public static LlmJsonSchema For<T>(string name) => new(name, Cache.GetOrAdd(typeof(T), Generate));

    private static string Generate(Type type)
    {
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        return JsonSerializerOptions.Web.GetJsonSchemaAsNode(type, options).ToJsonString();
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
        {
            node = new JsonObject();
        }

        var property = context.PropertyInfo;
        if (property?.PropertyType is { } type && (type == typeof(StepVerdict) || type == typeof(StepVerdict?)))
        {
            node.Clear();
            node["type"] = "string";
            node["enum"] = new JsonArray(ModelVerdictJsonConverter.Words.Select(w => (JsonNode)w).ToArray());
        }

        // Strict mode has no 'default': an optional property is required and nullable instead.
        node.Remove("default");

        if (property?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).FirstOrDefault() is DescriptionAttribute description)
        {
            node["description"] = description.Description;
        }

        if (node["properties"] is JsonObject properties)
        {
            node["additionalProperties"] = false;
            node["required"] = new JsonArray(properties.Select(p => (JsonNode)p.Key).ToArray());
        }

        return node;
    }
}
