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
