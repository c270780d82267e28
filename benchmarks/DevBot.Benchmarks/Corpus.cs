using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Indexing;

namespace DevBot.Benchmarks;

/// <summary>Source files read from a folder on this machine (only languages the chunker knows by syntax).</summary>
internal static class Corpus
{
    public static List<SourceFile> Load(string root, int maxFiles = int.MaxValue)
    {
        var full = Path.GetFullPath(root);
        return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Where(p => SourceLanguages.FromPath(p) != SourceLanguage.Other)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("__pycache__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Take(maxFiles)
            .Select(p => new SourceFile(Path.GetRelativePath(full, p).Replace('\\', '/'), File.ReadAllText(p)))
            .Where(f => f.Content.Length <= CodeIndexer.MaxIndexedChars)
            .ToList();
    }

    public static int Lines(IEnumerable<SourceFile> files) => files.Sum(f => f.Content.Count(c => c == '\n'));

    /// <summary>The corpus repeated under different top folders until it holds at least <paramref name="chunks"/> chunks.</summary>
    public static List<SourceFile> Replicated(IReadOnlyList<SourceFile> files, int chunksPerCopy, int chunks)
    {
        var copies = (int)Math.Ceiling(chunks / (double)chunksPerCopy);
        return Enumerable.Range(0, copies).SelectMany(c => files.Select(f => f with { Path = $"copy{c}/{f.Path}" })).ToList();
    }
}
