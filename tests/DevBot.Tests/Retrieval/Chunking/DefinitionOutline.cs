using DevBot.Retrieval.Chunking;

namespace DevBot.Tests.Retrieval.Chunking;

/// <summary>Renders a file's definition tree as "kind name start-end" lines, indented by nesting, for readable assertions.</summary>
internal static class DefinitionOutline
{
    public static string Of(string path, string content)
    {
        var lines = new List<string>();
        Render(CodeChunker.FindDefinitions(path, content), 0, lines);
        return string.Join('\n', lines);
    }

    private static void Render(IEnumerable<Definition> definitions, int depth, List<string> lines)
    {
        foreach (var definition in definitions)
        {
            lines.Add($"{new string(' ', depth * 2)}{definition.Kind} {definition.Name} {definition.StartLine}-{definition.EndLine}");
            Render(definition.Children, depth + 1, lines);
        }
    }
}
