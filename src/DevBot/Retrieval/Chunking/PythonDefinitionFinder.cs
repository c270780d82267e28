using System.Text.RegularExpressions;

namespace DevBot.Retrieval.Chunking;

/// <summary>
/// Finds Python classes, functions and methods by indentation over logical lines (a line inside brackets, a
/// backslash continuation or a multi-line string never starts a block), with their decorators and comments.
/// </summary>
internal static partial class PythonDefinitionFinder
{
    public static List<Definition> Find(string source, string masked)
    {
        var lines = SourceLines.Split(source);
        var maskedLines = SourceLines.Split(masked);
        var logicalStart = LogicalLineStarts(maskedLines);
        var roots = new List<Definition>();
        var open = new List<(Definition Definition, int Indent)>();
        var lastContentLine = 0;
        int? decoratorStart = null;

        for (var line = 1; line <= maskedLines.Length; line++)
        {
            var code = maskedLines[line - 1];
            var trimmed = code.Trim();
            if (!logicalStart[line - 1] || trimmed.Length == 0)
            {
                var original = lines[line - 1].TrimStart();
                if (original.Length > 0 && (!logicalStart[line - 1] || !original.StartsWith('#')))
                {
                    lastContentLine = line; // Continuation of a statement, or inside a multi-line string.
                }

                continue;
            }

            var indent = Indentation(code);
            while (open.Count > 0 && indent <= open[^1].Indent)
            {
                open[^1].Definition.EndLine = Math.Max(open[^1].Definition.SignatureLine, lastContentLine);
                open.RemoveAt(open.Count - 1);
            }

            lastContentLine = line;
            if (trimmed[0] == '@')
            {
                decoratorStart ??= line;
                continue;
            }

            var header = Header().Match(trimmed);
            if (header.Success)
            {
                var parent = open.Count > 0 ? open[^1].Definition : null;
                var kind = header.Groups["class"].Success ? "class" : parent is { Kind: "class" } ? "method" : "function";
                var start = ExtendOverComments(lines, maskedLines, decoratorStart ?? line);
                var definition = new Definition(header.Groups["name"].Value, kind, start, line, SignatureOf(lines, maskedLines, line), structural: true);
                (parent?.Children ?? roots).Add(definition);
                open.Add((definition, indent));
            }
            else if (indent == 0 && DeclarationPatterns.TopLevelLine(SourceLanguage.Python, trimmed) is { } variable)
            {
                roots.Add(new Definition(variable.Name, variable.Kind, ExtendOverComments(lines, maskedLines, line), line, variable.Signature, structural: false) { EndLine = line });
            }

            decoratorStart = null;
        }

        foreach (var (definition, _) in open)
        {
            definition.EndLine = Math.Max(definition.SignatureLine, lastContentLine);
        }

        return roots;
    }

    private static bool[] LogicalLineStarts(string[] maskedLines)
    {
        var starts = new bool[maskedLines.Length];
        var depth = 0;
        var continued = false;
        for (var i = 0; i < maskedLines.Length; i++)
        {
            starts[i] = depth == 0 && !continued;
            foreach (var c in maskedLines[i])
            {
                if (c is '(' or '[' or '{')
                {
                    depth++;
                }
                else if (c is ')' or ']' or '}')
                {
                    depth = Math.Max(0, depth - 1);
                }
            }

            continued = maskedLines[i].TrimEnd().EndsWith('\\');
        }

        return starts;
    }

    private static int Indentation(string line)
    {
        var column = 0;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                column++;
            }
            else if (c == '\t')
            {
                column = (column / 8 + 1) * 8;
            }
            else
            {
                break;
            }
        }

        return column;
    }

    /// <summary>The header up to its closing colon, joined over the physical lines it spans.</summary>
    private static string SignatureOf(string[] lines, string[] maskedLines, int line)
    {
        var depth = 0;
        var parts = new List<string>();
        for (var i = line - 1; i < lines.Length && i < line + 30; i++)
        {
            var code = maskedLines[i];
            for (var k = 0; k < code.Length; k++)
            {
                var c = code[k];
                if (c is '(' or '[' or '{')
                {
                    depth++;
                }
                else if (c is ')' or ']' or '}')
                {
                    depth--;
                }
                else if (c == ':' && depth == 0)
                {
                    parts.Add(lines[i][..k]);
                    return DeclarationPatterns.Signature(string.Join(' ', parts));
                }
            }

            parts.Add(lines[i]);
        }

        return DeclarationPatterns.Signature(lines[line - 1]);
    }

    private static int ExtendOverComments(string[] lines, string[] maskedLines, int line)
    {
        while (line > 1 && lines[line - 2].Trim().Length > 0 && maskedLines[line - 2].Trim().Length == 0 && lines[line - 2].TrimStart().StartsWith('#'))
        {
            line--;
        }

        return line;
    }

    [GeneratedRegex(@"^(?:async\s+def|def|(?<class>class))\s+(?<name>[A-Za-z_]\w*)")]
    private static partial Regex Header();
}
