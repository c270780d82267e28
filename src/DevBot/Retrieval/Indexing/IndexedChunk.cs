using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DevBot.Llm;
using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Lexical;
using DevBot.Shared;

namespace DevBot.Retrieval.Indexing;

/// <summary>A chunk as search holds it in memory: everything but its content.</summary>
public sealed record IndexedChunk(
    Guid Id,
    string Path,
    int StartLine,
    int EndLine,
    string Kind,
    string? Name,
    IReadOnlyList<SymbolDefinition> Definitions,
    IReadOnlyList<string> References,
    IReadOnlyList<TermCount> Terms,
    int TokenCount,
    long Generation);

/// <summary>Converts between chunks, their stored rows and their in-memory form.</summary>
internal static class ChunkRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static StoredChunk ToRow(Guid projectId, CodeChunk chunk, long generation)
    {
        // The path is part of what is searched and embedded: file names say a lot about code.
        var frequencies = TermSplitter.Frequencies(chunk.Path);
        TermSplitter.Frequencies(chunk.Content, frequencies);
        return new StoredChunk
        {
            ProjectId = projectId,
            Path = chunk.Path,
            StartLine = chunk.StartLine,
            EndLine = chunk.EndLine,
            Kind = chunk.Kind,
            Name = chunk.Name,
            Content = chunk.Content,
            EmbeddingHash = Sha256(EmbeddingText(chunk.Path, chunk.Content, int.MaxValue)),
            Definitions = JsonSerializer.Serialize(chunk.Definitions, Json),
            ReferencedNames = string.Join(' ', chunk.References),
            Terms = string.Join(' ', frequencies.Select(f => $"{f.Key}:{f.Value}")),
            TermCount = frequencies.Values.Sum(),
            TokenCount = TokenEstimate.Of(chunk.Content),
            Generation = generation,
        };
    }

    public static IndexedChunk FromRow(
        Guid id, string path, int startLine, int endLine, string kind, string? name, string definitions, string references, string terms, int tokenCount, long generation) =>
        new(
            id,
            path,
            startLine,
            endLine,
            kind,
            name,
            JsonSerializer.Deserialize<List<SymbolDefinition>>(definitions, Json) ?? [],
            references.Length == 0 ? [] : references.Split(' '),
            ParseTerms(terms),
            tokenCount,
            generation);

    /// <summary>What the embedding model sees for a chunk: its path, then its code.</summary>
    public static string EmbeddingText(string path, string content, int maxChars)
    {
        var text = $"{path}\n{content}";
        return Utf8Text.Clip(text, maxChars, marker: string.Empty);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static TermCount[] ParseTerms(string terms)
    {
        if (terms.Length == 0)
        {
            return [];
        }

        var parts = terms.Split(' ');
        var result = new TermCount[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var colon = parts[i].LastIndexOf(':');
            result[i] = new TermCount(parts[i][..colon], int.Parse(parts[i].AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        return result;
    }
}
