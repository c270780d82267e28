using System.Text.RegularExpressions;

namespace DevBot.Tests.Architecture;

/// <summary>
/// A feature folder owns its tables: the entity's <c>IEntityTypeConfiguration</c> lives there, and other folders ask
/// that folder's services instead of querying the table themselves. A folder that configures part of another's entity
/// (Billing maps the balance column of the users row, which only the ledger writes) shares it.
/// </summary>
public sealed partial class TableOwnershipTests
{
    [Fact]
    public void No_feature_folder_queries_a_table_another_folder_owns()
    {
        var source = Path.Combine(DevBot.Tests.Infrastructure.RepositoryRoot.Path, "src", "DevBot");
        var owners = Owners(source);

        var trespasses = Uses(source)
            .Where(use => owners.TryGetValue(use.Entity, out var folders) && !folders.Contains(use.Folder))
            .Select(use => $"{use.File}: Set<{use.Entity}>() belongs to {string.Join(" and ", owners[use.Entity])}/")
            .Distinct()
            .ToList();

        owners.ShouldNotBeEmpty();
        trespasses.ShouldBeEmpty();
    }

    [Fact]
    public void The_ownership_reader_finds_a_table_queried_from_another_folder()
    {
        using var source = new DevBot.Tests.Infrastructure.TempDirectory();
        Write(source.Path, "Alpha/WidgetConfiguration.cs", "sealed class WidgetConfiguration : IEntityTypeConfiguration<Widget> { }");
        Write(source.Path, "Alpha/Widgets.cs", "var all = db.Set<Widget>().ToList();");
        Write(source.Path, "Beta/Report.cs", "var count = db.Set<Widget>().Count();");

        var owners = Owners(source.Path);
        var uses = Uses(source.Path).Where(use => !owners[use.Entity].Contains(use.Folder)).ToList();

        owners.Keys.ShouldBe(["Widget"]);
        owners["Widget"].ShouldBe(["Alpha"]);
        uses.ShouldHaveSingleItem().Folder.ShouldBe("Beta");
    }

    private sealed record TableUse(string Folder, string File, string Entity);

    /// <summary>Entity → the folders that configure it.</summary>
    private static Dictionary<string, HashSet<string>> Owners(string source) =>
        SourceFiles(source)
            .SelectMany(file => Configuration().Matches(File.ReadAllText(file.Path)).Select(m => (Entity: m.Groups["entity"].Value, file.Folder)))
            .GroupBy(x => x.Entity)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Folder).ToHashSet(StringComparer.Ordinal));

    private static IEnumerable<TableUse> Uses(string source) =>
        SourceFiles(source).SelectMany(file => SetOf().Matches(File.ReadAllText(file.Path))
            .Select(m => new TableUse(file.Folder, Path.GetRelativePath(source, file.Path), m.Groups["entity"].Value)));

    private static IEnumerable<(string Path, string Folder)> SourceFiles(string source) =>
        Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => (path, Path.GetRelativePath(source, path).Split(Path.DirectorySeparatorChar)[0]))
            .Where(file => file.Item2 != Path.GetFileName(file.path));

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [GeneratedRegex(@"IEntityTypeConfiguration<(?<entity>\w+)>")]
    private static partial Regex Configuration();

    [GeneratedRegex(@"\bSet<(?<entity>\w+)>\(\)")]
    private static partial Regex SetOf();
}
