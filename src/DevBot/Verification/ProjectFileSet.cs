namespace DevBot.Verification;

/// <summary>Questions about a project's file set (paths relative, '/'-separated) that every stack's rules ask.</summary>
internal sealed class ProjectFileSet
{
    // Folders a project may carry that are never its own source (a committed venv, installed packages, build output).
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "node_modules", ".venv", "venv", "__pycache__", "site-packages", ".git", "vendor",
    };

    public ProjectFileSet(IReadOnlyDictionary<string, string> files)
    {
        Files = files;
        Paths = [.. files.Keys.Select(Normalize).Where(p => !p.Split('/').SkipLast(1).Any(Ignored.Contains)).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>The project's own files, sorted (ignored folders left out).</summary>
    public IReadOnlyList<string> Paths { get; }

    public bool Has(string path) => Files.ContainsKey(path);

    public string? Read(string path) => Files.TryGetValue(path, out var content) ? content : null;

    public IEnumerable<string> WithExtension(params string[] extensions) =>
        Paths.Where(p => extensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)));

    public static string Normalize(string path) => path.Replace('\\', '/').TrimStart('/');

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Directory(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

    /// <summary>Whether a path looks like a test (by folder or file name) in any of the supported languages.</summary>
    public static bool IsTestPath(string path)
    {
        var segments = path.Split('/');
        if (segments.SkipLast(1).Any(s => s is "test" or "tests" or "__tests__" or "spec" or "specs"
            || s.EndsWith(".Tests", StringComparison.Ordinal) || s.EndsWith(".Test", StringComparison.Ordinal)))
        {
            return true;
        }

        var name = segments[^1];
        var stem = name.Contains('.', StringComparison.Ordinal) ? name[..name.IndexOf('.', StringComparison.Ordinal)] : name;
        return stem.StartsWith("test_", StringComparison.Ordinal) || stem.StartsWith("test-", StringComparison.Ordinal) || stem == "test"
            || stem.EndsWith("_test", StringComparison.Ordinal) || stem.EndsWith("-test", StringComparison.Ordinal)
            || name.Contains(".test.", StringComparison.Ordinal) || name.Contains(".spec.", StringComparison.Ordinal)
            || name.EndsWith("Tests.cs", StringComparison.Ordinal) || name.EndsWith("Test.cs", StringComparison.Ordinal);
    }
}
