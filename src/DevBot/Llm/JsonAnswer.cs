using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace DevBot.Llm;

/// <summary>
/// Reads a JSON answer that may come bare, in a Markdown fence, or surrounded by prose (as many local models
/// answer even when asked for strict json_schema output).
/// </summary>
public static class JsonAnswer
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static bool TryParse<T>(string text, [NotNullWhen(true)] out T? value, out string error)
        where T : class
    {
        error = "The answer held no JSON object.";
        foreach (var candidate in Candidates(text))
        {
            try
            {
                value = JsonSerializer.Deserialize<T>(candidate, SerializerOptions);
                if (value is not null)
                {
                    return true;
                }
            }
            catch (JsonException ex)
            {
                error = $"The answer's JSON could not be read: {ex.Message}";
            }
        }

        value = null;
        return false;
    }

    private static IEnumerable<string> Candidates(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            yield return trimmed;
        }

        foreach (var block in MarkdownFences.Blocks(text))
        {
            var body = block.Body.Trim();
            if (body.StartsWith('{'))
            {
                yield return body;
            }
        }

        for (var start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            var end = MatchingBrace(text, start);
            if (end > start)
            {
                yield return text[start..(end + 1)];
            }
        }
    }

    /// <summary>The index of the brace closing the object opened at <paramref name="start"/>, minding strings.</summary>
    private static int MatchingBrace(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
