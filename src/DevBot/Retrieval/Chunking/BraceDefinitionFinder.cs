namespace DevBot.Retrieval.Chunking;

/// <summary>
/// Finds definitions in C#, Java, JavaScript/TypeScript and Go by matching braces in masked code: the text in
/// front of each block is recognised as a type, function or method header (or as nothing: an if, a lambda, an
/// object literal), blocks nest, and brace-less members ending in <c>;</c> inside type bodies are named too.
/// </summary>
internal sealed class BraceDefinitionFinder
{
    private readonly string _masked;
    private readonly string[] _lines;
    private readonly string[] _maskedLines;
    private readonly LineMap _lineMap;
    private readonly SourceLanguage _language;
    private readonly List<Definition> _roots = [];
    private readonly List<Frame> _stack = [];

    private BraceDefinitionFinder(string source, string masked, SourceLanguage language)
    {
        _masked = masked;
        _language = language;
        _lineMap = new LineMap(masked);
        _lines = SourceLines.Split(source);
        _maskedLines = SourceLines.Split(masked);
    }

    public static List<Definition> Find(string source, string masked, SourceLanguage language)
    {
        var finder = new BraceDefinitionFinder(source, masked, language);
        finder.Scan();
        return finder._roots;
    }

    private sealed class Frame(Definition? definition, bool typeBody, int statementStart)
    {
        public Definition? Definition { get; } = definition;

        public bool TypeBody { get; } = typeBody;

        public int StatementStart { get; set; } = statementStart;

        public int ParenDepth { get; set; }
    }

    private void Scan()
    {
        var rootIsTypeBody = _language is SourceLanguage.CSharp or SourceLanguage.Java or SourceLanguage.TypeScript;
        _stack.Add(new Frame(null, rootIsTypeBody, 0));
        var lineDepth = new int[_lineMap.LineCount + 1];
        var line = 1;
        lineDepth[1] = 0;
        for (var i = 0; i < _masked.Length; i++)
        {
            var c = _masked[i];
            var frame = _stack[^1];
            switch (c)
            {
                case '\n':
                    if (++line < lineDepth.Length)
                    {
                        lineDepth[line] = _stack.Count - 1 + (frame.ParenDepth > 0 ? 1 : 0);
                    }

                    break;
                case '(' or '[':
                    frame.ParenDepth++;
                    break;
                case ')' or ']':
                    frame.ParenDepth = Math.Max(0, frame.ParenDepth - 1);
                    break;
                case ';':
                    if (frame.ParenDepth == 0)
                    {
                        if (frame.TypeBody)
                        {
                            AddStatementMember(frame.StatementStart, i);
                        }

                        frame.StatementStart = i + 1;
                    }

                    break;
                case '{':
                    OpenBlock(frame, i);
                    break;
                case '}':
                    CloseBlock(i);
                    break;
            }
        }

        while (_stack.Count > 1)
        {
            CloseBlock(_masked.Length - 1);
        }

        AddTopLevelLines(lineDepth);
    }

    private void OpenBlock(Frame frame, int brace)
    {
        var enclosingType = _stack.LastOrDefault(f => f.Definition is { IsContainer: true })?.Definition?.Name;
        var (match, headerStart) = Classify(frame.StatementStart, brace, header => DeclarationPatterns.Block(_language, header, enclosingType));
        Definition? definition = null;
        if (match is not null)
        {
            var signatureLine = _lineMap.LineOf(headerStart);
            definition = new Definition(match.Name, match.Kind, ExtendOverPreamble(signatureLine), signatureLine, match.Signature, structural: true);
        }

        _stack.Add(new Frame(definition, definition is { IsContainer: true }, brace + 1));
    }

    private void CloseBlock(int brace)
    {
        if (_stack.Count == 1)
        {
            _stack[0].StatementStart = brace + 1; // An unbalanced '}': keep going.
            return;
        }

        var frame = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (frame.Definition is { } definition)
        {
            definition.EndLine = _lineMap.LineOf(brace);
            Attach(definition);
            _stack[^1].StatementStart = brace + 1;
        }
        else if (_stack[^1].ParenDepth == 0 && !ContinuesExpression(brace + 1))
        {
            _stack[^1].StatementStart = brace + 1;
        }
    }

    /// <summary>
    /// Whether the code after a closed block goes on with the same declaration, as after an object literal in an
    /// argument list or an object type in a generic constraint (<c>handle&lt;T extends { id: string }&gt;(e: T) {</c>).
    /// </summary>
    private bool ContinuesExpression(int from)
    {
        for (var k = from; k < _masked.Length; k++)
        {
            if (!char.IsWhiteSpace(_masked[k]))
            {
                return _masked[k] is '>' or ')' or ']' or ',' or '.' or '|' or '&';
            }
        }

        return false;
    }

    private void Attach(Definition definition)
    {
        var parent = _stack.LastOrDefault(f => f.Definition is not null)?.Definition;
        (parent?.Children ?? _roots).Add(definition);
    }

    private void AddStatementMember(int start, int semicolon)
    {
        var (match, headerStart) = Classify(start, semicolon, statement => DeclarationPatterns.Statement(_language, statement));
        if (match is null)
        {
            return;
        }

        var signatureLine = _lineMap.LineOf(headerStart);
        var definition = new Definition(match.Name, match.Kind, ExtendOverPreamble(signatureLine), signatureLine, match.Signature, structural: false)
        {
            EndLine = _lineMap.LineOf(semicolon),
        };
        Attach(definition);
    }

    /// <summary>
    /// Recognises the declaration that ends at <paramref name="end"/>, trying the shortest tail first (the last line,
    /// then the last two, ...): statements without semicolons (JavaScript, Go) and attributes then never hide it.
    /// </summary>
    private (DeclarationMatch? Match, int Start) Classify(int start, int end, Func<string, DeclarationMatch?> recognise)
    {
        if (end - start > 4000)
        {
            start = end - 4000; // Headers are short; a long run of text before a brace is statements, not a header.
        }

        var candidates = new List<int>();
        for (var k = end - 1; k >= start; k--)
        {
            if (_masked[k] == '\n')
            {
                candidates.Add(k + 1);
            }
        }

        candidates.Add(start);
        foreach (var candidate in candidates)
        {
            var text = _masked[candidate..end];
            var normalized = DeclarationPatterns.Normalize(text);
            if (normalized.Length == 0)
            {
                continue;
            }

            if (recognise(normalized) is { } match)
            {
                var first = candidate;
                while (first < end && char.IsWhiteSpace(_masked[first]))
                {
                    first++;
                }

                return (match, first);
            }
        }

        return (null, start);
    }

    /// <summary>Moves a definition's first line up over the comments, attributes and decorators that belong to it.</summary>
    private int ExtendOverPreamble(int line)
    {
        var first = line;
        while (first > 1)
        {
            var original = _lines[first - 2].Trim();
            var code = _maskedLines[first - 2].Trim();
            var isPreamble = original.Length > 0 && (code.Length == 0 || code[0] == '@' || (code[0] == '[' && _language == SourceLanguage.CSharp));
            if (!isPreamble)
            {
                break;
            }

            first--;
        }

        return first;
    }

    private void AddTopLevelLines(int[] lineDepth)
    {
        var named = new HashSet<(string, int)>(_roots.Select(d => (d.Name, d.SignatureLine)));
        for (var line = 1; line <= _maskedLines.Length && line < lineDepth.Length; line++)
        {
            if (lineDepth[line] != 0)
            {
                continue;
            }

            var text = _maskedLines[line - 1].Trim();
            if (text.Length == 0 || DeclarationPatterns.TopLevelLine(_language, text) is not { } match || !named.Add((match.Name, line)))
            {
                continue;
            }

            _roots.Add(new Definition(match.Name, match.Kind, ExtendOverPreamble(line), line, match.Signature, structural: false) { EndLine = line });
        }

        _roots.Sort((a, b) => a.StartLine.CompareTo(b.StartLine));
    }
}

internal static class SourceLines
{
    /// <summary>Lines without their terminators; a final newline does not add an empty line.</summary>
    public static string[] Split(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length > 1 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i][..^1];
            }
        }

        return lines;
    }
}
