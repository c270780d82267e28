namespace DevBot.Retrieval.Chunking;

/// <summary>Cuts a source file into chunks by syntax where the language is known, by line windows otherwise.</summary>
internal static class CodeChunker
{
    public static IReadOnlyList<CodeChunk> Chunk(string path, string content, ChunkerOptions? options = null)
    {
        options ??= ChunkerOptions.Default;
        var language = SourceLanguages.FromPath(path);
        var lines = SourceLines.Split(content);
        if (lines.Length == 0 || (lines.Length == 1 && lines[0].Trim().Length == 0))
        {
            return [];
        }

        var masked = language == SourceLanguage.Other ? content : SourceMasker.Mask(content, language);
        var maskedLines = SourceLines.Split(masked);
        var definitions = FindDefinitions(content, masked, language);
        var pieces = new ChunkPlanner(lines, options).Plan(definitions);
        var symbols = Flatten(definitions).ToList();

        var chunks = new List<CodeChunk>(pieces.Count);
        var claimed = new HashSet<Definition>();
        foreach (var piece in pieces)
        {
            var owned = symbols
                .Where(s => s.Definition.SignatureLine >= piece.Start && s.Definition.SignatureLine <= piece.End && claimed.Add(s.Definition))
                .Select(s => new SymbolDefinition(s.Definition.Name, s.Definition.Kind, s.Definition.SignatureLine, s.Definition.Signature, s.Container, s.Depth))
                .ToList();
            chunks.Add(new CodeChunk(
                path,
                piece.Start,
                piece.End,
                piece.Kind,
                piece.Name,
                string.Join('\n', lines[(piece.Start - 1)..piece.End]),
                owned,
                IdentifierExtractor.References(maskedLines, piece.Start, piece.End, language)));
        }

        return chunks;
    }

    /// <summary>The definitions of a file as a tree (for tests and tools that want structure rather than chunks).</summary>
    internal static List<Definition> FindDefinitions(string content, string masked, SourceLanguage language) => language switch
    {
        SourceLanguage.Python => PythonDefinitionFinder.Find(content, masked),
        _ when language.IsBraceLanguage() => BraceDefinitionFinder.Find(content, masked, language),
        _ => [],
    };

    internal static List<Definition> FindDefinitions(string path, string content)
    {
        var language = SourceLanguages.FromPath(path);
        return FindDefinitions(content, language == SourceLanguage.Other ? content : SourceMasker.Mask(content, language), language);
    }

    private static IEnumerable<(Definition Definition, string? Container, int Depth)> Flatten(IEnumerable<Definition> definitions, string? container = null, int depth = 0)
    {
        foreach (var definition in definitions)
        {
            yield return (definition, container, depth);
            var childContainer = definition.Kind == "namespace" ? container : definition.Name;
            var childDepth = definition.Kind == "namespace" ? depth : depth + 1;
            foreach (var child in Flatten(definition.Children, childContainer, childDepth))
            {
                yield return child;
            }
        }
    }
}
