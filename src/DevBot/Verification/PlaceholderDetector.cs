using System.Text.RegularExpressions;
using DevBot.Shared;

namespace DevBot.Verification;

/// <summary>
/// Finds unfinished code in new or changed files, so it goes straight back to the implementer without spending a
/// review: TODO/FIXME comments, placeholder comments ("implement this", "your code here", "rest of the code
/// unchanged"), elisions (<c>// ...</c>, a bare <c>...</c> among Python statements), Python functions that are only
/// <c>pass</c>/<c>...</c>, and not-implemented throws. Only code files are read (a TODO in a README is fine), only
/// comments count as comments (<c>print("TODO list")</c> is fine), and deliberate constructs are left alone: abstract
/// methods, Protocol/ABC classes and base classes that are subclassed, stub files, <c>pass</c> in an <c>except</c> or an
/// empty exception class, a no-op function that explains itself with a docstring or comment, and test files that
/// assert or fake a not-implemented error.
/// </summary>
public static partial class PlaceholderDetector
{
    private const int MaxTextLength = 200;

    /// <param name="files">The project after the change (path → content).</param>
    /// <param name="changedPaths">The files the change wrote; only these are scanned.</param>
    /// <param name="previousFiles">The project before the change: when given, only lines the change added are reported.</param>
    public static IReadOnlyList<PlaceholderFinding> Scan(
        IReadOnlyDictionary<string, string> files,
        IEnumerable<string> changedPaths,
        IReadOnlyDictionary<string, string>? previousFiles = null)
    {
        var findings = new List<PlaceholderFinding>();
        foreach (var path in changedPaths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!files.TryGetValue(path, out var content) || SourceScanner.LanguageOf(path) is not { } language)
            {
                continue;
            }

            var lines = SourceScanner.Scan(content, language);
            var added = AddedLines(lines, previousFiles is not null && previousFiles.TryGetValue(path, out var before) ? before : null);
            var candidates = language == SourceLanguage.Python ? PythonRules(path, lines, files) : BraceRules(path, lines, language);
            findings.AddRange(CommentRules(path, lines)
                .Concat(candidates)
                .Where(c => c.Span.Any(added.Contains))
                .Select(c => c.Finding));
        }

        return [.. findings.Distinct().OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Rule)];
    }

    private readonly record struct Candidate(PlaceholderFinding Finding, IReadOnlyList<int> Span);

    private static Candidate At(string path, SourceLine line, PlaceholderRule rule, IReadOnlyList<int>? span = null)
    {
        var text = line.Text.Trim();
        return new Candidate(new PlaceholderFinding(path, line.Number, Utf8Text.Clip(text, MaxTextLength + 1), rule),
            span ?? [line.Number]);
    }

    /// <summary>Line numbers that are new compared with the previous content (a multiset of trimmed lines); all lines without one.</summary>
    private static HashSet<int> AddedLines(IReadOnlyList<SourceLine> lines, string? previous)
    {
        if (previous is null)
        {
            return [.. lines.Select(l => l.Number)];
        }

        var before = previous.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim())
            .GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var added = new HashSet<int>();
        foreach (var line in lines)
        {
            var key = line.Text.Trim();
            if (before.TryGetValue(key, out var count) && count > 0)
            {
                before[key] = count - 1;
            }
            else
            {
                added.Add(line.Number);
            }
        }

        return added;
    }

    private static IEnumerable<Candidate> CommentRules(string path, IReadOnlyList<SourceLine> lines)
    {
        foreach (var line in lines)
        {
            var comment = line.Comment.Trim().TrimStart('*', '/', '#', '!').Trim();
            if (comment.Length == 0)
            {
                continue;
            }

            if (Elision().IsMatch(comment))
            {
                yield return At(path, line, PlaceholderRule.ElidedCode);
            }
            else if (PlaceholderPhrase().IsMatch(comment))
            {
                yield return At(path, line, PlaceholderRule.PlaceholderText);
            }
            else if (TodoMarker().IsMatch(comment))
            {
                yield return At(path, line, PlaceholderRule.TodoLeft);
            }
        }
    }

    private static IEnumerable<Candidate> PythonRules(string path, IReadOnlyList<SourceLine> lines, IReadOnlyDictionary<string, string> files)
    {
        var stub = path.EndsWith(".pyi", StringComparison.OrdinalIgnoreCase);
        var test = ProjectFileSet.IsTestPath(path);
        var functions = PythonFunctions.Find(lines);
        foreach (var function in functions)
        {
            if (stub || IsAbstract(function, files))
            {
                continue;
            }

            var statements = function.Statements.Select(i => lines[i].Code.Trim()).ToList();
            var span = Enumerable.Range(function.DefIndex, function.BodyEnd - function.DefIndex + 1).Select(i => i + 1).ToList();
            if (statements.Count > 0 && statements.All(s => s is "pass" or "..." || s.EndsWith(": pass", StringComparison.Ordinal) || s.EndsWith(": ...", StringComparison.Ordinal))
                && !function.HasDocstring && !function.HasComment)
            {
                yield return At(path, lines[function.DefIndex], PlaceholderRule.EmptyBody, span);
                continue;
            }

            foreach (var index in function.Statements.Where(i => lines[i].Code.Trim() == "..." && function.Statements.Count > 1))
            {
                yield return At(path, lines[index], PlaceholderRule.ElidedCode);
            }
        }

        for (var i = 0; i < lines.Count && !test && !stub; i++)
        {
            if (!RaiseNotImplemented().IsMatch(lines[i].Code))
            {
                continue;
            }

            var function = PythonFunctions.Enclosing(functions, i);
            if (function is null || !IsAbstract(function, files))
            {
                yield return At(path, lines[i], PlaceholderRule.NotImplemented);
            }
        }
    }

    // Empty or not-implemented on purpose: an abstract method or overload stub, a Protocol/ABC member, a member of a
    // base class that has subclasses (a default the subclasses override).
    private static bool IsAbstract(PythonFunction function, IReadOnlyDictionary<string, string> files) =>
        function.Decorators.Any(d => AbstractDecorator().IsMatch(d))
        || function.Class is { } type && (IsInterfaceLike(type, files) || IsSubclassed(type.Name, files));

    private static bool IsInterfaceLike(PythonClass type, IReadOnlyDictionary<string, string> files) =>
        AbstractBase().IsMatch(type.Bases) || AbstractName().IsMatch(type.Name);

    // A base class meant to be overridden (class Shape: def area(self): raise NotImplementedError) has subclasses.
    private static bool IsSubclassed(string className, IReadOnlyDictionary<string, string> files)
    {
        var pattern = new Regex(@"^\s*class\s+\w+\s*\([^)]*\b" + Regex.Escape(className) + @"\b", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        return files.Where(f => SourceScanner.LanguageOf(f.Key) == SourceLanguage.Python).Any(f => pattern.IsMatch(f.Value));
    }

    private static IEnumerable<Candidate> BraceRules(string path, IReadOnlyList<SourceLine> lines, SourceLanguage language)
    {
        if (ProjectFileSet.IsTestPath(path))
        {
            // Test doubles throw "not implemented" for members a test never calls; tests assert it. Neither is unfinished code.
            yield break;
        }

        foreach (var line in lines)
        {
            var notImplemented = language switch
            {
                SourceLanguage.CSharp => CSharpNotImplemented().IsMatch(line.Code),
                SourceLanguage.JavaScript => line.Code.Contains("throw", StringComparison.Ordinal) && JsNotImplemented().IsMatch(line.Text),
                _ => line.Code.Contains("panic(", StringComparison.Ordinal) && GoNotImplemented().IsMatch(line.Text),
            };
            if (notImplemented)
            {
                yield return At(path, line, PlaceholderRule.NotImplemented);
            }
        }
    }

    [GeneratedRegex(@"\b(?:TODO|FIXME)\b")]
    private static partial Regex TodoMarker();

    [GeneratedRegex(@"^(?:\.\.\.|…|\[\.\.\.\])\s*(?:$|(?:the\s+)?(?:rest|existing|other|remaining|previous|more|same|unchanged|etc|omitted|snip|code|keep)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Elision();

    [GeneratedRegex(
        @"\bimplement (?:this|me|here|it|the (?:rest|logic|remaining|function|method))\b|\byour (?:code|implementation|logic) (?:goes )?here\b|\b(?:add|insert|put|write) (?:your |the )?(?:code|logic|implementation) here\b|\bcode goes here\b|\brest of (?:the )?(?:code|file|class|function|method|implementation|module|logic)\b.*\b(?:unchanged|the same|as before|as is|omitted|stays|remains)\b|\b(?:existing|remaining|other) (?:code|methods|functions|implementation)s? (?:is |are )?(?:unchanged|omitted|remains? the same|as before)\b|\b(?:same as|unchanged from) (?:before|above|the original|the previous)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex PlaceholderPhrase();

    [GeneratedRegex(@"^\s*raise\s+NotImplementedError\b")]
    private static partial Regex RaiseNotImplemented();

    [GeneratedRegex(@"@(?:\w+\.)*(?:abstract\w*|overload)\b")]
    private static partial Regex AbstractDecorator();

    [GeneratedRegex(@"\b(?:Protocol|ABC|ABCMeta)\b")]
    private static partial Regex AbstractBase();

    [GeneratedRegex(@"^(?:Abstract|Base)[A-Z_]|(?:Base|Interface|Protocol|Mixin)$")]
    private static partial Regex AbstractName();

    [GeneratedRegex(@"\bthrow\s+new\s+(?:System\.)?NotImplementedException\b|=>\s*throw\s+new\s+(?:System\.)?NotImplementedException\b")]
    private static partial Regex CSharpNotImplemented();

    [GeneratedRegex(@"\bthrow\s+(?:new\s+)?Error\(\s*[""'`](?:not (?:yet )?implemented|todo|implement me|unimplemented)", RegexOptions.IgnoreCase)]
    private static partial Regex JsNotImplemented();

    [GeneratedRegex(@"\bpanic\(\s*""(?:not (?:yet )?implemented|todo|implement me|unimplemented)", RegexOptions.IgnoreCase)]
    private static partial Regex GoNotImplemented();
}
