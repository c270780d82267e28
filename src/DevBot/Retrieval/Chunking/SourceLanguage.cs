namespace DevBot.Retrieval.Chunking;

/// <summary>The languages the chunker understands by syntax; everything else is cut into line windows.</summary>
public enum SourceLanguage
{
    Other,
    CSharp,
    Python,
    JavaScript,
    TypeScript,
    Go,
    Java,
}

internal static class SourceLanguages
{
    public static SourceLanguage FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".cs" or ".csx" => SourceLanguage.CSharp,
        ".py" or ".pyi" or ".pyw" => SourceLanguage.Python,
        ".js" or ".jsx" or ".mjs" or ".cjs" => SourceLanguage.JavaScript,
        ".ts" or ".tsx" or ".mts" or ".cts" => SourceLanguage.TypeScript,
        ".go" => SourceLanguage.Go,
        ".java" => SourceLanguage.Java,
        _ => SourceLanguage.Other,
    };

    /// <summary>The Markdown fence info string for the language of a path ("python", "csharp", ...).</summary>
    public static string FenceName(string path) => FromPath(path) switch
    {
        SourceLanguage.CSharp => "csharp",
        SourceLanguage.Python => "python",
        SourceLanguage.JavaScript => "javascript",
        SourceLanguage.TypeScript => "typescript",
        SourceLanguage.Go => "go",
        SourceLanguage.Java => "java",
        _ => Path.GetExtension(path).TrimStart('.').ToLowerInvariant(),
    };

    internal static bool IsBraceLanguage(this SourceLanguage language) =>
        language is SourceLanguage.CSharp or SourceLanguage.JavaScript or SourceLanguage.TypeScript or SourceLanguage.Go or SourceLanguage.Java;
}
