namespace DevBot.Tests.Architecture;

public sealed class FeatureFolderTests
{
    /// <summary>The composition roots: they wire every feature together, and nothing depends on them.</summary>
    private static readonly string[] CompositionRoots = ["Hosting", "Cli"];

    [Fact]
    public void No_two_feature_folders_depend_on_each_other_through_any_chain()
    {
        var graph = FeatureFolderGraph.OfDevBot();

        var cycles = graph.Cycles();

        cycles.ShouldBeEmpty(string.Join("\n", cycles.Select(cycle => string.Join(" ⇄ ", cycle) + ": " + string.Join("; ",
            cycle.SelectMany(from => graph.Edges[from].Where(e => cycle.Contains(e.Key)).Select(e => $"{from}→{e.Key} ({string.Join(", ", e.Value.Take(3))})"))))));
    }

    [Fact]
    public void No_feature_folder_references_a_composition_root()
    {
        var graph = FeatureFolderGraph.OfDevBot();

        var intoRoots = graph.Edges
            .Where(e => !CompositionRoots.Contains(e.Key))
            .SelectMany(e => e.Value.Where(target => CompositionRoots.Contains(target.Key)).Select(target => $"{e.Key}→{target.Key} ({string.Join(", ", target.Value)})"))
            .ToList();

        intoRoots.ShouldBeEmpty();
    }

    [Fact]
    public void Every_dependency_between_feature_folders_is_one_the_readme_allows()
    {
        var graph = FeatureFolderGraph.OfDevBot();
        var allowed = AllowedByReadme(File.ReadAllText(System.IO.Path.Combine(DevBot.Tests.Infrastructure.RepositoryRoot.Path, "README.md")));

        var unlisted = graph.Folders.Where(folder => !CompositionRoots.Contains(folder) && !allowed.ContainsKey(folder)).ToList();
        var undeclared = graph.Edges
            .Where(e => !CompositionRoots.Contains(e.Key))
            .SelectMany(e => e.Value.Keys
                .Where(target => !allowed.GetValueOrDefault(e.Key, []).Contains(target))
                .Select(target => $"{e.Key}→{target} ({string.Join(", ", e.Value[target].Take(3))})"))
            .ToList();

        unlisted.ShouldBeEmpty("every feature folder has a row in the README's folder-dependencies table");
        undeclared.ShouldBeEmpty("add the dependency to the README's table if it is intended");
    }

    [Fact]
    public void The_readme_table_reader_takes_each_folders_allowed_dependencies()
    {
        const string readme = "text\n<!-- folder-dependencies:start -->\n| folder | may use |\n|---|---|\n| `Alpha/` | Beta, Shared |\n| `Shared/` | — |\n<!-- folder-dependencies:end -->\n";

        var allowed = AllowedByReadme(readme);

        allowed["Alpha"].ShouldBe(["Beta", "Shared"]);
        allowed["Shared"].ShouldBeEmpty();
    }

    private static Dictionary<string, HashSet<string>> AllowedByReadme(string readme)
    {
        const string start = "<!-- folder-dependencies:start -->", end = "<!-- folder-dependencies:end -->";
        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0, "the README has a folder-dependencies table");
        return readme[(from + start.Length)..to]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length >= 4 && cells[1].StartsWith('`'))
            .ToDictionary(
                cells => cells[1].Trim('`', '/'),
                cells => cells[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(name => name != "—").ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    [Fact]
    public void The_graph_reader_finds_a_cycle_when_there_is_one()
    {
        using var source = new DevBot.Tests.Infrastructure.TempDirectory();
        Write(source.Path, "Alpha/A.cs", "using DevBot.Beta;\nnamespace DevBot.Alpha;\n");
        Write(source.Path, "Beta/B.cs", "namespace DevBot.Beta;\n/// <see cref=\"DevBot.Gamma.G\"/>\n");
        Write(source.Path, "Gamma/G.cs", "namespace DevBot.Gamma;\nusing DevBot.Alpha.Sub;\n");
        Write(source.Path, "Delta/D.cs", "namespace DevBot.Delta;\nusing DevBot.Alpha;\n");

        var graph = FeatureFolderGraph.Read(source.Path);

        graph.Cycles().ShouldHaveSingleItem().ShouldBe(["Alpha", "Beta", "Gamma"]);
        graph.Edges["Delta"].Keys.ShouldBe(["Alpha"]);
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
