using System.Text.RegularExpressions;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Architecture;

/// <summary>
/// The dependency graph of <c>src/DevBot</c>'s feature folders, read from the source: a folder depends on another
/// when one of its files names that folder's namespace (<c>DevBot.Billing</c>, <c>DevBot.Billing.Ledger</c>, …) —
/// in a using, a qualified name or a comment's cref alike, since each is a reason to look there.
/// </summary>
public sealed partial class FeatureFolderGraph
{
    private FeatureFolderGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> edges) => Edges = edges;

    /// <summary>Folder → the folders it depends on → the files that make it so.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Edges { get; }

    public IEnumerable<string> Folders => Edges.Keys;

    public static FeatureFolderGraph Read(string sourceRoot)
    {
        var folders = Directory.GetDirectories(sourceRoot)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "Properties"))
            .ToList();
        var edges = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var targets = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(sourceRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                foreach (Match match in NamespaceReference().Matches(text))
                {
                    var target = match.Groups[1].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        var list = targets.TryGetValue(target, out var existing) ? existing : targets[target] = [];
                        var relative = System.IO.Path.GetRelativePath(sourceRoot, file);
                        if (!list.Contains(relative))
                        {
                            list.Add(relative);
                        }
                    }
                }
            }

            edges[folder] = targets.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Value, StringComparer.Ordinal);
        }

        return new FeatureFolderGraph(edges);
    }

    public static FeatureFolderGraph OfDevBot() => Read(System.IO.Path.Combine(RepositoryRoot.Path, "src", "DevBot"));

    /// <summary>Every cycle (as its strongly connected set of folders), found with Tarjan's algorithm.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = 0;
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLinks = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string folder)
        {
            indexes[folder] = lowLinks[folder] = index++;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var target in Edges[folder].Keys)
            {
                if (!indexes.ContainsKey(target))
                {
                    Visit(target);
                    lowLinks[folder] = Math.Min(lowLinks[folder], lowLinks[target]);
                }
                else if (onStack.Contains(target))
                {
                    lowLinks[folder] = Math.Min(lowLinks[folder], indexes[target]);
                }
            }

            if (lowLinks[folder] == indexes[folder])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != folder);

                if (component.Count > 1)
                {
                    cycles.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (var folder in Folders.Order(StringComparer.Ordinal))
        {
            if (!indexes.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return cycles;
    }

    [GeneratedRegex(@"\bDevBot\.([A-Z][A-Za-z0-9]*)\b")]
    private static partial Regex NamespaceReference();
}
