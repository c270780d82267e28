using System.Text.RegularExpressions;
using DevBot.Shared;

namespace DevBot.Retrieval.Chunking;

/// <summary>
/// Per-language recognisers for the text in front of a block (<c>{</c>) or a brace-less member (<c>;</c>).
/// They see masked code (no comments or strings) with attributes, annotations and decorators removed.
/// </summary>
internal static partial class DeclarationPatterns
{
    private const string Balanced = @"\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\)";

    private static readonly HashSet<string> StatementWords = new(StringComparer.Ordinal)
    {
        "if", "for", "foreach", "while", "switch", "catch", "using", "lock", "fixed", "return", "new", "sizeof", "typeof",
        "nameof", "default", "checked", "unchecked", "when", "await", "throw", "yield", "else", "case", "do", "try",
        "finally", "base", "this", "super", "synchronized", "function", "with", "var", "let", "const", "go", "defer",
        "select", "assert", "delete", "in", "of", "is", "as", "and", "or", "not", "get", "set", "init", "add", "remove",
    };

    public static DeclarationMatch? Block(SourceLanguage language, string header, string? enclosingType) => language switch
    {
        SourceLanguage.CSharp => CSharpBlock(header, enclosingType),
        SourceLanguage.Java => JavaBlock(header, enclosingType),
        SourceLanguage.JavaScript or SourceLanguage.TypeScript => ScriptBlock(header),
        SourceLanguage.Go => GoBlock(header),
        _ => null,
    };

    /// <summary>A member ended by <c>;</c> in a type body: an abstract, interface or expression-bodied member.</summary>
    public static DeclarationMatch? Statement(SourceLanguage language, string statement) => language switch
    {
        SourceLanguage.CSharp => CSharpStatement(statement),
        SourceLanguage.Java => MethodLike(JavaMethod(), statement, null, requireReturnType: true, kind: "method"),
        SourceLanguage.TypeScript or SourceLanguage.JavaScript => ScriptStatement(statement),
        _ => null,
    };

    /// <summary>A module-level variable, constant or type alias on one line outside any block.</summary>
    public static DeclarationMatch? TopLevelLine(SourceLanguage language, string line)
    {
        var match = language switch
        {
            SourceLanguage.JavaScript or SourceLanguage.TypeScript => ScriptTopLevel().Match(line),
            SourceLanguage.Go => GoTopLevel().Match(line),
            SourceLanguage.Python => PythonTopLevel().Match(line),
            _ => Match.Empty,
        };
        if (!match.Success)
        {
            return null;
        }

        var kind = match.Groups["kind"].Success && match.Groups["kind"].Value == "type" ? "type" : "variable";
        return new DeclarationMatch(match.Groups["name"].Value, kind, Signature(line));
    }

    /// <summary>Removes leading attributes (<c>[Http("x")]</c>), annotations and decorators, collapses whitespace.</summary>
    public static string Normalize(string header)
    {
        var text = Whitespace().Replace(header, " ").Trim();
        while (text.Length > 0)
        {
            if (text[0] == '[')
            {
                var end = ClosingBracket(text, 0, '[', ']');
                if (end < 0)
                {
                    break;
                }

                text = text[(end + 1)..].TrimStart();
            }
            else if (text[0] == '@' && text.Length > 1 && char.IsLetter(text[1]) && !text.StartsWith("@interface", StringComparison.Ordinal))
            {
                var match = Annotation().Match(text);
                var length = match.Length;
                if (length < text.Length && text[length] == '(')
                {
                    var end = ClosingBracket(text, length, '(', ')');
                    length = end < 0 ? text.Length : end + 1;
                }

                text = text[length..].TrimStart();
            }
            else
            {
                break;
            }
        }

        return text;
    }

    public static string Signature(string text)
    {
        var signature = Whitespace().Replace(text, " ").Trim();
        return Utf8Text.Clip(signature, 201);
    }

    private static int ClosingBracket(string text, int open, char opening, char closing)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == opening)
            {
                depth++;
            }
            else if (text[i] == closing && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static DeclarationMatch? CSharpBlock(string header, string? enclosingType)
    {
        var type = CSharpType().Match(header);
        if (type.Success)
        {
            var kind = type.Groups["kind"].Value.StartsWith("record", StringComparison.Ordinal) ? "record" : type.Groups["kind"].Value;
            return new(type.Groups["name"].Value.TrimStart('@'), kind, Signature(header));
        }

        var ns = CSharpNamespace().Match(header);
        if (ns.Success)
        {
            return new(ns.Groups["name"].Value, "namespace", Signature(header));
        }

        return MethodLike(CSharpMethod(), header, enclosingType, requireReturnType: false, kind: "method")
            ?? Property(header);
    }

    private static DeclarationMatch? CSharpStatement(string statement)
    {
        var type = CSharpType().Match(statement);
        if (type.Success)
        {
            var kind = type.Groups["kind"].Value.StartsWith("record", StringComparison.Ordinal) ? "record" : type.Groups["kind"].Value;
            return new(type.Groups["name"].Value.TrimStart('@'), kind, Signature(statement));
        }

        var arrow = statement.IndexOf("=>", StringComparison.Ordinal);
        var head = arrow < 0 ? statement : statement[..arrow].TrimEnd();
        if (head.Contains('=', StringComparison.Ordinal) && !head.Contains("operator", StringComparison.Ordinal))
        {
            return null; // A field with an initialiser (possibly a lambda), not a member declaration.
        }

        var method = MethodLike(CSharpMethod(), head, null, requireReturnType: true, kind: "method");
        if (method is not null || arrow < 0)
        {
            return method;
        }

        return Property(head);
    }

    private static DeclarationMatch? Property(string header)
    {
        var match = CSharpProperty().Match(header);
        if (!match.Success || StatementWords.Contains(FirstWord(header)) || StatementWords.Contains(match.Groups["name"].Value))
        {
            return null;
        }

        return new(match.Groups["name"].Value.TrimStart('@'), "property", Signature(header));
    }

    private static DeclarationMatch? JavaBlock(string header, string? enclosingType)
    {
        var type = JavaType().Match(header);
        if (type.Success)
        {
            var kind = type.Groups["kind"].Value == "@interface" ? "interface" : type.Groups["kind"].Value;
            return new(type.Groups["name"].Value, kind, Signature(header));
        }

        return MethodLike(JavaMethod(), header, enclosingType, requireReturnType: false, kind: "method");
    }

    private static DeclarationMatch? MethodLike(Regex pattern, string header, string? enclosingType, bool requireReturnType, string kind)
    {
        var match = pattern.Match(header);
        if (!match.Success)
        {
            return null;
        }

        var qualified = match.Groups["name"].Value;
        var name = qualified[(qualified.LastIndexOf('.') + 1)..].TrimStart('@');
        var pre = match.Groups["pre"].Value.Trim();
        if (StatementWords.Contains(name) || (pre.Length > 0 && (StatementWords.Contains(FirstWord(pre)) || !BracketsBalance(pre))))
        {
            return null; // A statement, or a call whose argument is being constructed: "list.Add(new Item(x) {".
        }

        // With nothing before the name it is a call, unless it is a constructor of the enclosing type.
        if (pre.Length == 0 && (requireReturnType || name != enclosingType))
        {
            return null;
        }

        var isConstructor = name == enclosingType;
        return new(name, isConstructor ? "constructor" : kind, Signature(header));
    }

    private static DeclarationMatch? ScriptBlock(string header)
    {
        var type = ScriptType().Match(header);
        if (type.Success)
        {
            return new(type.Groups["name"].Value, type.Groups["kind"].Value, Signature(header));
        }

        var alias = ScriptTypeLiteral().Match(header);
        if (alias.Success)
        {
            return new(alias.Groups["name"].Value, "type", Signature(header));
        }

        foreach (var (pattern, kind) in ScriptFunctionPatterns)
        {
            var match = pattern.Match(header);
            if (match.Success && !StatementWords.Contains(match.Groups["name"].Value))
            {
                return new(match.Groups["name"].Value, kind, Signature(header));
            }
        }

        return null;
    }

    private static readonly (Regex Pattern, string Kind)[] ScriptFunctionPatterns =
    [
        (ScriptFunction(), "function"),
        (ScriptBoundFunction(), "function"),
        (ScriptMemberAssignedFunction(), "function"),
        (ScriptPropertyFunction(), "method"),
        (ScriptMethod(), "method"),
    ];

    private static DeclarationMatch? ScriptStatement(string statement)
    {
        var signature = ScriptMethodSignature().Match(statement);
        if (signature.Success && !StatementWords.Contains(signature.Groups["name"].Value))
        {
            return new(signature.Groups["name"].Value, "method", Signature(statement));
        }

        var field = ScriptArrowField().Match(statement);
        return field.Success ? new(field.Groups["name"].Value, "method", Signature(statement)) : null;
    }

    private static DeclarationMatch? GoBlock(string header)
    {
        var function = GoFunction().Match(header);
        if (function.Success)
        {
            return new(function.Groups["name"].Value, function.Groups["recv"].Success ? "method" : "function", Signature(header));
        }

        var type = GoType().Match(header);
        return type.Success ? new(type.Groups["name"].Value, type.Groups["kind"].Value == "interface" ? "interface" : "struct", Signature(header)) : null;
    }

    private static bool BracketsBalance(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c switch { '(' or '[' or '<' => 1, ')' or ']' or '>' => -1, _ => 0 };
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }

    private static string FirstWord(string text)
    {
        var end = 0;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return text[..end];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^@[A-Za-z_][\w.]*")]
    private static partial Regex Annotation();

    [GeneratedRegex(@"^(?:(?:public|private|protected|internal|static|sealed|abstract|partial|readonly|ref|unsafe|new|file)\s+)*(?<kind>class|struct|interface|enum|record\s+struct|record\s+class|record)\s+(?<name>@?[A-Za-z_]\w*)(?!\w)")]
    private static partial Regex CSharpType();

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)$")]
    private static partial Regex CSharpNamespace();

    [GeneratedRegex(@"^(?<pre>[^=;{}]*?\s)?(?<name>(?:[A-Za-z_]\w*(?:<[^()]*?>)?\.)*(?:@?[A-Za-z_]\w*|operator\s*[^\s(]+))\s*(?:<[^()]*>)?\s*" + Balanced + @"\s*(?:where\s.*|:\s*(?:base|this)\s*" + Balanced + @")?$")]
    private static partial Regex CSharpMethod();

    [GeneratedRegex(@"^(?<pre>(?:[\w<>\[\],.?()*]|\s)+?\s)(?<name>@?[A-Za-z_]\w*|this\s*\[[^\]]*\])$")]
    private static partial Regex CSharpProperty();

    [GeneratedRegex(@"^(?:(?:public|private|protected|static|final|abstract|sealed|non-sealed|strictfp)\s+)*(?<kind>class|interface|enum|record|@interface)\s+(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex JavaType();

    [GeneratedRegex(@"^(?<pre>[^=;{}]*?\s)?(?<name>[A-Za-z_$][\w$]*)\s*" + Balanced + @"\s*(?:\[\s*\]\s*)*(?:throws\s+[\w$.<>,\s]+)?$")]
    private static partial Regex JavaMethod();

    [GeneratedRegex(@"^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?<kind>class|interface|enum|namespace|module)\s+(?<name>[A-Za-z_$][\w$.]*)")]
    private static partial Regex ScriptType();

    [GeneratedRegex(@"^(?:export\s+)?(?:declare\s+)?type\s+(?<name>[A-Za-z_$][\w$]*)\s*(?:<[^=]*>)?\s*=$")]
    private static partial Regex ScriptTypeLiteral();

    [GeneratedRegex(@"^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?function\s*\*?\s*(?<name>[A-Za-z_$][\w$]*)\s*(?:<[^()]*>)?\s*" + Balanced + @"\s*(?::.+)?$")]
    private static partial Regex ScriptFunction();

    [GeneratedRegex(@"^(?:export\s+)?(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b.*|(?:" + Balanced + @"|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>)$")]
    private static partial Regex ScriptBoundFunction();

    [GeneratedRegex(@"^(?:[A-Za-z_$][\w$]*\.)+(?<name>[A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\b.*|(?:" + Balanced + @"|[A-Za-z_$][\w$]*)\s*=>)$")]
    private static partial Regex ScriptMemberAssignedFunction();

    [GeneratedRegex(@"^(?:(?:static|public|private|protected|readonly)\s+)*(?<name>#?[A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s+)?(?:function\b.*|(?:" + Balanced + @"|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>)$")]
    private static partial Regex ScriptPropertyFunction();

    [GeneratedRegex(@"^(?:(?:export|default|public|private|protected|static|readonly|abstract|override|async|declare|get|set)\s+|\*\s*)*(?<name>#?[A-Za-z_$][\w$]*)\s*\??\s*(?:<[^()]*>)?\s*" + Balanced + @"\s*(?::\s*[^=()]+(?:" + Balanced + @"[^=()]*)*)?$")]
    private static partial Regex ScriptMethod();

    [GeneratedRegex(@"^(?:(?:public|private|protected|static|readonly|abstract|override|async|declare|get|set)\s+)*(?<name>#?[A-Za-z_$][\w$]*)\s*\??\s*(?:<[^()]*>)?\s*" + Balanced + @"\s*:\s*[^=]+$")]
    private static partial Regex ScriptMethodSignature();

    [GeneratedRegex(@"^(?:(?:public|private|protected|static|readonly)\s+)*(?<name>#?[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:" + Balanced + @"|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>")]
    private static partial Regex ScriptArrowField();

    [GeneratedRegex(@"^(?:export\s+)?(?:(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)|(?:declare\s+)?(?<kind>type)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?:<[^=]*>)?\s*=)")]
    private static partial Regex ScriptTopLevel();

    [GeneratedRegex(@"^func\s*(?<recv>" + Balanced + @")?\s*(?<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\(")]
    private static partial Regex GoFunction();

    [GeneratedRegex(@"^(?:type\s*\(\s*)?(?:type\s+)?(?<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s+(?<kind>struct|interface)$")]
    private static partial Regex GoType();

    [GeneratedRegex(@"^(?:(?:var|const)\s+(?<name>[A-Za-z_]\w*)|(?<kind>type)\s+(?<name>[A-Za-z_]\w*)\b(?!\s*\())")]
    private static partial Regex GoTopLevel();

    [GeneratedRegex(@"^(?<name>[A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)")]
    private static partial Regex PythonTopLevel();
}
