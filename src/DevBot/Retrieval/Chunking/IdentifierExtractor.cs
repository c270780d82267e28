using System.Text.RegularExpressions;

namespace DevBot.Retrieval.Chunking;

/// <summary>The identifiers a piece of code uses (keywords and one-letter names left out), from masked code.</summary>
internal static partial class IdentifierExtractor
{
    private const int MaxPerChunk = 300;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        // Shared by several of the languages.
        "if", "else", "for", "while", "do", "switch", "case", "default", "break", "continue", "return", "try", "catch",
        "finally", "throw", "new", "this", "null", "true", "false", "class", "interface", "enum", "struct", "public",
        "private", "protected", "static", "const", "void", "import", "package", "extends", "implements", "in", "is",
        "as", "var", "let", "function", "async", "await", "yield", "typeof", "instanceof", "delete", "super", "abstract",
        "final", "override", "virtual", "readonly", "get", "set", "export", "from", "of", "with", "not", "and", "or",
        // C#
        "namespace", "using", "internal", "sealed", "partial", "record", "init", "where", "out", "ref", "params",
        "base", "foreach", "lock", "fixed", "unsafe", "checked", "unchecked", "operator", "implicit", "explicit",
        "event", "delegate", "extern", "volatile", "string", "int", "long", "bool", "double", "float", "decimal",
        "char", "byte", "object", "dynamic", "nameof", "sizeof", "value", "required", "file", "when", "select",
        "orderby", "join", "let", "into", "group", "by", "ascending", "descending", "global", "notnull", "unmanaged",
        // Java
        "throws", "synchronized", "transient", "native", "strictfp", "boolean", "short", "assert", "permits", "sealed",
        // JavaScript / TypeScript
        "undefined", "constructor", "type", "declare", "module", "keyof", "infer", "never", "unknown", "any",
        "number", "symbol", "bigint", "satisfies", "require", "exports",
        // Go
        "func", "go", "defer", "chan", "map", "range", "fallthrough", "goto", "nil", "iota", "error", "uint", "int64",
        "int32", "uint64", "float64", "rune",
        // Python
        "def", "elif", "except", "raise", "pass", "lambda", "nonlocal", "del", "None", "True", "False", "self", "cls",
        "print", "len", "str", "dict", "list", "tuple",
    };

    public static IReadOnlyList<string> References(string[] maskedLines, int startLine, int endLine)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        for (var line = startLine; line <= endLine && line <= maskedLines.Length; line++)
        {
            foreach (Match match in Identifier().Matches(maskedLines[line - 1]))
            {
                var name = match.Value;
                if (name.Length > 1 && !Keywords.Contains(name) && seen.Add(name))
                {
                    result.Add(name);
                    if (result.Count >= MaxPerChunk)
                    {
                        return result;
                    }
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"(?<![\w$])[A-Za-z_$][\w$]*")]
    private static partial Regex Identifier();
}
