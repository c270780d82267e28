namespace DevBot.Retrieval.Chunking;

/// <summary>
/// A piece of a source file that is retrieved and shown as a whole: a function, a method, a small type, a group of
/// small neighbours, or a line window. Lines are 1-based and inclusive.
/// </summary>
internal sealed record CodeChunk(
    string Path,
    int StartLine,
    int EndLine,
    string Kind,
    string? Name,
    string Content,
    IReadOnlyList<SymbolDefinition> Definitions,
    IReadOnlyList<string> References);

/// <summary>A symbol defined in a chunk: enough to draw it in the repository outline.</summary>
internal sealed record SymbolDefinition(string Name, string Kind, int Line, string Signature, string? Container, int Depth);
