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

    public static IReadOnlyList<string> References(string[] maskedLines, int startLine, int endLine, SourceLanguage language)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        for (var line = startLine; line <= endLine && line <= maskedLines.Length; line++)
        {
            foreach (Match match in Identifier().Matches(UsedNames(maskedLines[line - 1], language)))
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

    /// <summary>
    /// The part of a line whose names are uses of symbols: module and package paths in imports are not
    /// (<c>from app.models import User</c> uses User, not a variable called app).
    /// </summary>
    private static string UsedNames(string line, SourceLanguage language)
    {
        var text = line.TrimStart();
        switch (language)
        {
            case SourceLanguage.Python when text.StartsWith("from ", StringComparison.Ordinal):
                var import = text.IndexOf(" import ", StringComparison.Ordinal);
                return import < 0 ? string.Empty : text[(import + 8)..];
            case SourceLanguage.Python when text.StartsWith("import ", StringComparison.Ordinal):
                return string.Empty;
            case SourceLanguage.Java when text.StartsWith("import ", StringComparison.Ordinal):
                return text[(text.LastIndexOf('.') + 1)..];
            case SourceLanguage.Java or SourceLanguage.Go when text.StartsWith("package ", StringComparison.Ordinal):
                return string.Empty;
            case SourceLanguage.CSharp when UsingDirective().IsMatch(text) || text.StartsWith("namespace ", StringComparison.Ordinal):
                return string.Empty;
            default:
                return line;
        }
    }

    [GeneratedRegex(@"(?<![\w$])[A-Za-z_$][\w$]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(global\s+)?using\s+(static\s+)?[\w.]+\s*(=\s*[\w.<>]+\s*)?;")]
    private static partial Regex UsingDirective();
}
