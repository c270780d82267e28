using System.Text.Json.Nodes;
using DevBot.Agents;
using DevBot.Llm;

namespace DevBot.Tests.Agents;

/// <summary>The structured-answer schemas are generated from the records and must be valid for OpenAI's strict mode.</summary>
public sealed class StructuredSchemaTests
{
    public static TheoryData<string> Schemas => [ProjectPlan.SchemaName, ReviewAnswer.SchemaName];

    private static LlmJsonSchema SchemaNamed(string name) => name switch
    {
        ProjectPlan.SchemaName => StructuredSchemas.For<ProjectPlan>(name),
        ReviewAnswer.SchemaName => StructuredSchemas.For<ReviewAnswer>(name),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Each_schema_is_valid_for_strict_json_schema_mode(string name)
    {
        var schema = JsonNode.Parse(SchemaNamed(name).Schema)!.AsObject();

        schema["type"]!.GetValue<string>().ShouldBe("object", "strict mode needs an object at the root");
        StrictModeProblems(schema, "$", depth: 0).ShouldBeEmpty();
    }

    [Fact]
    public void The_plan_schema_asks_for_title_summary_and_tasks_with_title_and_details()
    {
        var schema = JsonNode.Parse(StructuredSchemas.For<ProjectPlan>(ProjectPlan.SchemaName).Schema)!;

        schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["title", "summary", "tasks"]);
        schema["properties"]!["tasks"]!["items"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["title", "details"]);
        schema["properties"]!["summary"]!["description"]!.GetValue<string>().ShouldContain("how to run and test");
    }

    [Fact]
    public void The_review_schema_offers_exactly_the_two_verdict_words()
    {
        var verdict = JsonNode.Parse(StructuredSchemas.For<ReviewAnswer>(ReviewAnswer.SchemaName).Schema)!["properties"]!["verdict"]!;

        verdict["type"]!.GetValue<string>().ShouldBe("string");
        verdict["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["APPROVED", "REJECTED"]);
    }

    /// <summary>
    /// The rules OpenAI documents for strict structured outputs: every object lists all its properties as required
    /// and sets additionalProperties to false; only the supported types and keywords; at most 5 levels of nesting.
    /// </summary>
    private static List<string> StrictModeProblems(JsonNode node, string path, int depth)
    {
        var problems = new List<string>();
        if (node is not JsonObject schema)
        {
            return [$"{path}: a schema must be an object"];
        }

        if (depth > 5)
        {
            problems.Add($"{path}: nested more than 5 levels");
        }

        string[] supportedTypes = ["object", "array", "string", "number", "integer", "boolean", "null"];
        string[] allowedKeywords = ["type", "properties", "required", "additionalProperties", "items", "enum", "description", "anyOf", "const", "$defs", "$ref"];
        problems.AddRange(schema.Select(p => p.Key).Where(k => !allowedKeywords.Contains(k)).Select(k => $"{path}: keyword '{k}' is not supported"));
        var types = schema["type"] switch
        {
            JsonValue single => [single.GetValue<string>()],
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToArray(),
            _ => schema["enum"] is not null || schema["anyOf"] is not null ? [] : new[] { "(missing)" },
        };
        problems.AddRange(types.Where(t => !supportedTypes.Contains(t)).Select(t => $"{path}: type '{t}' is not supported"));

        if (types.Contains("object"))
        {
            var properties = schema["properties"] as JsonObject;
            if (properties is null)
            {
                problems.Add($"{path}: an object needs properties");
            }
            else
            {
                if (schema["additionalProperties"]?.GetValue<bool>() != false)
                {
                    problems.Add($"{path}: additionalProperties must be false");
                }

                var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                problems.AddRange(properties.Where(p => !required.Contains(p.Key)).Select(p => $"{path}.{p.Key}: every property must be required"));
                foreach (var (key, value) in properties)
                {
                    problems.AddRange(StrictModeProblems(value!, $"{path}.{key}", depth + 1));
                }
            }
        }

        if (types.Contains("array"))
        {
            problems.AddRange(schema["items"] is { } items ? StrictModeProblems(items, path + "[]", depth + 1) : [$"{path}: an array needs items"]);
        }

        return problems;
    }
}
