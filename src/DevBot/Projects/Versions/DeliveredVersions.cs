namespace DevBot.Projects.Versions;

/// <summary>
/// What a delivered version is, for a front door that shows it: its number and kind, the version it was made from,
/// what it changed against that one, and what the tests proved for its files.
/// </summary>
public sealed record DeliveredVersion(int Version, VersionKind Kind, int? BaseVersion, int? RestoredFrom, DiffStat Changes, VerificationSummary? Verification);

/// <summary>The facts of a project's delivered versions, read from the version rows and the test runs.</summary>
public sealed class DeliveredVersions(ProjectVersions versions, TestRunLog testRuns)
{
    /// <summary>The version users get now (null before the first delivery).</summary>
    public Task<DeliveredVersion?> CurrentAsync(Project project, CancellationToken cancellationToken) =>
        project.Version < 1 ? Task.FromResult<DeliveredVersion?>(null) : FindAsync(project, project.Version, cancellationToken);

    /// <summary>One completed version of the project, or null when it has no such delivered version.</summary>
    public async Task<DeliveredVersion?> FindAsync(Project project, int version, CancellationToken cancellationToken)
    {
        var rows = await versions.ListAsync(project, cancellationToken);
        var byNumber = rows.ToDictionary(v => v.Version);
        if (!byNumber.TryGetValue(version, out var row) || row.Status != VersionStatus.Completed)
        {
            return null;
        }

        var verification = await testRuns.VerificationAsync(project.Id, TestedVersion(row, byNumber), cancellationToken);
        return new DeliveredVersion(row.Version, row.Kind, row.BaseVersion, row.RestoredFrom,
            new DiffStat(row.FilesChanged, row.LinesAdded, row.LinesRemoved), verification);
    }

    /// <summary>The version whose test runs speak for this one: a restore ran none, its files are those of the version it restored.</summary>
    public static int TestedVersion(ProjectVersion row, IReadOnlyDictionary<int, ProjectVersion> byNumber)
    {
        var current = row;
        for (var hops = 0; current.Kind == VersionKind.Restore && current.RestoredFrom is { } from && byNumber.TryGetValue(from, out var earlier) && hops < byNumber.Count; hops++)
        {
            current = earlier;
        }

        return current.Version;
    }
}
