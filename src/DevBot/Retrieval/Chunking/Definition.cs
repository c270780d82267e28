namespace DevBot.Retrieval.Chunking;

/// <summary>
/// A named definition found in a source file. Structural ones (types, functions, methods with a body) shape the
/// chunks; the others (expression-bodied or abstract members, module-level variables) only name a symbol.
/// Lines are 1-based and inclusive; <see cref="StartLine"/> includes leading comments, attributes and decorators.
/// </summary>
internal sealed class Definition(string name, string kind, int startLine, int signatureLine, string signature, bool structural)
{
    public string Name { get; } = name;

    /// <summary>"class", "struct", "interface", "enum", "record", "namespace", "type", "function", "method", "property", "variable".</summary>
    public string Kind { get; } = kind;

    public int StartLine { get; set; } = startLine;

    public int SignatureLine { get; } = signatureLine;

    public int EndLine { get; set; } = signatureLine;

    public string Signature { get; } = signature;

    public bool Structural { get; } = structural;

    public List<Definition> Children { get; } = [];

    public bool IsContainer => Kind is "class" or "struct" or "interface" or "enum" or "record" or "namespace" or "type" or "module" or "trait";

    public int LineCount => EndLine - StartLine + 1;
}

/// <summary>Maps character offsets to 1-based line numbers.</summary>
internal sealed class LineMap
{
    private readonly List<int> _lineStarts = [0];

    public LineMap(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }

        if (text.Length > 0 && text[^1] == '\n')
        {
            _lineStarts.RemoveAt(_lineStarts.Count - 1); // A final newline does not start another line.
        }
    }

    public int LineCount => _lineStarts.Count;

    public int LineOf(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    public int StartOf(int line) => _lineStarts[line - 1];
}
