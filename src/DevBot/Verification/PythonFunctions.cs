using System.Text.RegularExpressions;

namespace DevBot.Verification;

/// <summary>A Python function as the placeholder rules see it: its header, decorators, class, and body statements.</summary>
internal sealed record PythonFunction(
    int DefIndex,
    int BodyStart,
    int BodyEnd,
    IReadOnlyList<string> Decorators,
    PythonClass? Class,
    IReadOnlyList<int> Statements,
    bool HasDocstring,
    bool HasComment);

internal sealed record PythonClass(string Name, string Bases);

/// <summary>Finds functions and their bodies by indentation over scanned lines (strings and comments already told apart).</summary>
internal static partial class PythonFunctions
{
    public static IReadOnlyList<PythonFunction> Find(IReadOnlyList<SourceLine> lines)
    {
        var functions = new List<PythonFunction>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (Def().IsMatch(lines[i].Code))
            {
                functions.Add(Read(lines, i));
            }
        }

        return functions;
    }

    /// <summary>The innermost function whose body holds line index <paramref name="index"/>.</summary>
    public static PythonFunction? Enclosing(IReadOnlyList<PythonFunction> functions, int index) =>
        functions.Where(f => f.BodyStart <= index && index <= f.BodyEnd).MaxBy(f => f.DefIndex);

    /// <summary>A statement that is only a string literal: a docstring (its blanked content leaves just the quotes).</summary>
    public static bool IsStringOnly(string code) => StringOnly().IsMatch(code.Trim().Replace(" ", "", StringComparison.Ordinal));

    private static PythonFunction Read(IReadOnlyList<SourceLine> lines, int defIndex)
    {
        var indent = lines[defIndex].Indent;

        // The header may span lines: it ends at the first ':' outside brackets.
        var depth = 0;
        var headerEnd = defIndex;
        var colon = -1;
        for (var i = defIndex; i < lines.Count && colon < 0; i++)
        {
            var code = lines[i].Code;
            for (var c = 0; c < code.Length; c++)
            {
                depth += code[c] switch { '(' or '[' or '{' => 1, ')' or ']' or '}' => -1, _ => 0 };
                if (code[c] == ':' && depth == 0)
                {
                    colon = c;
                    headerEnd = i;
                    break;
                }
            }
        }

        var statements = new List<int>();
        var hasComment = lines[headerEnd].Comment.Trim().Length > 0;
        int bodyStart, bodyEnd;
        if (colon >= 0 && lines[headerEnd].Code[(colon + 1)..].Trim().Length > 0)
        {
            // def f(): pass
            bodyStart = bodyEnd = headerEnd;
            statements.Add(headerEnd);
        }
        else
        {
            bodyStart = headerEnd + 1;
            bodyEnd = headerEnd;
            for (var i = bodyStart; i < lines.Count; i++)
            {
                var line = lines[i];
                if (line.IsBlank)
                {
                    hasComment |= line.Comment.Trim().Length > 0 && line.Text.Length - line.Text.TrimStart().Length > indent;
                    continue;
                }

                if (line.Indent <= indent)
                {
                    break;
                }

                bodyEnd = i;
                hasComment |= line.Comment.Trim().Length > 0;
                statements.Add(i);
            }
        }

        var hasDocstring = false;
        var docstringLines = statements.TakeWhile(s => IsStringOnly(lines[s].Code)).ToList();
        if (docstringLines.Count > 0)
        {
            hasDocstring = true;
            statements.RemoveRange(0, docstringLines.Count);
        }

        var decorators = new List<string>();
        for (var i = defIndex - 1; i >= 0 && lines[i].Code.TrimStart().StartsWith('@'); i--)
        {
            decorators.Add(lines[i].Code.Trim());
        }

        return new PythonFunction(defIndex, bodyStart, bodyEnd, decorators, ClassOf(lines, defIndex, indent), statements, hasDocstring, hasComment);
    }

    private static PythonClass? ClassOf(IReadOnlyList<SourceLine> lines, int defIndex, int indent)
    {
        for (var i = defIndex - 1; i >= 0; i--)
        {
            if (lines[i].IsBlank || lines[i].Indent >= indent || lines[i].Code.TrimStart().StartsWith('@'))
            {
                continue;
            }

            var match = Class().Match(lines[i].Code);
            return match.Success ? new PythonClass(match.Groups["name"].Value, match.Groups["bases"].Value) : null;
        }

        return null;
    }

    [GeneratedRegex(@"^\s*(?:async\s+)?def\s+\w+")]
    private static partial Regex Def();

    [GeneratedRegex(@"^\s*class\s+(?<name>\w+)\s*(?:\((?<bases>[^)]*)\)?)?")]
    private static partial Regex Class();

    [GeneratedRegex(@"^(?:[rRbBuUfF]{0,2}(?:""""""|'''|""|'))+$")]
    private static partial Regex StringOnly();
}
