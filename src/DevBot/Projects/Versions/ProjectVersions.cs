using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects.Versions;

/// <summary>The <c>project_versions</c> table: the versions of a project, their line, and their bookkeeping.</summary>
public sealed class ProjectVersions(DevBotDbContext db)
{
    /// <summary>The version row of a first build, added with the project and its job.</summary>
    public static ProjectVersion FirstBuild(Project project, Guid jobId, DateTime now) => new()
    {
        ProjectId = project.Id,
        Version = 1,
        Kind = VersionKind.Build,
        Status = VersionStatus.Queued,
        Instruction = project.Description,
        JobId = jobId,
        CreatedAt = now,
    };

    /// <summary>A version row's status while it is the project's target: the project's status says where it stands.</summary>
    public static VersionStatus StatusOf(ProjectStatus status) => status switch
    {
        ProjectStatus.Queued => VersionStatus.Queued,
        ProjectStatus.Completed => VersionStatus.Completed,
        ProjectStatus.Failed => VersionStatus.Failed,
        ProjectStatus.Cancelled => VersionStatus.Cancelled,
        _ => VersionStatus.Running,
    };

    /// <summary>The versions, oldest first, with the target version's status read from the project.</summary>
    public async Task<IReadOnlyList<ProjectVersion>> ListAsync(Project project, CancellationToken cancellationToken)
    {
        var versions = await db.Set<ProjectVersion>().AsNoTracking()
            .Where(v => v.ProjectId == project.Id).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        foreach (var version in versions.Where(v => v.Version == project.TargetVersion))
        {
            version.Status = StatusOf(project.Status);
        }

        return versions;
    }

    public Task<ProjectVersion?> FindAsync(Guid projectId, int version, CancellationToken cancellationToken) =>
        db.Set<ProjectVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.ProjectId == projectId && v.Version == version, cancellationToken);

    /// <summary>The version row, tracked: the caller's unit of work records what became of it.</summary>
    public Task<ProjectVersion?> FindTrackedAsync(Guid projectId, int version, CancellationToken cancellationToken) =>
        db.Set<ProjectVersion>().FirstOrDefaultAsync(v => v.ProjectId == projectId && v.Version == version, cancellationToken);

    /// <summary>The next unused version number (numbers of failed and cancelled versions are never given again).</summary>
    public async Task<int> NextNumberAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await db.Set<ProjectVersion>().Where(v => v.ProjectId == projectId).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0) + 1;

    public void Add(ProjectVersion version) => db.Set<ProjectVersion>().Add(version);

    /// <summary>The rows of the version's line (its base's line, then itself), oldest first: the history a change is planned from.</summary>
    public async Task<IReadOnlyList<ProjectVersion>> LineAsync(Guid projectId, int version, CancellationToken cancellationToken)
    {
        var all = await db.Set<ProjectVersion>().AsNoTracking().Where(v => v.ProjectId == projectId).ToDictionaryAsync(v => v.Version, cancellationToken);
        var line = new List<ProjectVersion>();
        for (int? current = version; current is { } number && all.TryGetValue(number, out var row) && !line.Contains(row); current = row.BaseVersion)
        {
            line.Add(row);
        }

        line.Reverse();
        return line;
    }
}
