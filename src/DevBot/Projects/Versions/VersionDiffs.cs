using System.Text;

namespace DevBot.Projects.Versions;

/// <summary>A version's changes as a unified diff against the version it was made from, and their size.</summary>
public sealed record VersionPatch(string Text, DiffStat Stat);

/// <summary>Diffs between versions, from their trees and the blobs the trees name.</summary>
public sealed class VersionDiffs(ProjectHistory history)
{
    /// <summary>The diff from <paramref name="from"/> (null: from nothing) to <paramref name="to"/>.</summary>
    public async Task<VersionPatch> DiffAsync(Guid projectId, int? from, int to, CancellationToken cancellationToken)
    {
        var before = from is { } version ? await history.TreeAsync(projectId, version, cancellationToken) : [];
        var after = await history.TreeAsync(projectId, to, cancellationToken);
        var paths = before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Where(p => before.GetValueOrDefault(p)?.Sha256 != after.GetValueOrDefault(p)?.Sha256)
            .Order(StringComparer.Ordinal)
            .ToList();
        var contents = await history.ContentsAsync(projectId,
            paths.SelectMany(p => new[] { before.GetValueOrDefault(p)?.Sha256, after.GetValueOrDefault(p)?.Sha256 }).OfType<string>(), cancellationToken);
        var text = new StringBuilder();
        var stat = DiffStat.None;
        foreach (var path in paths)
        {
            var file = UnifiedDiff.ForFile(path, Side(before.GetValueOrDefault(path), contents), Side(after.GetValueOrDefault(path), contents));
            text.Append(file.Text);
            stat = stat.Plus(file);
        }

        return new VersionPatch(text.ToString(), stat);
    }

    private static DiffSide? Side(TreeEntry? entry, IReadOnlyDictionary<string, byte[]> contents) =>
        entry is null ? null : new DiffSide(contents[entry.Sha256], entry.Binary);
}
