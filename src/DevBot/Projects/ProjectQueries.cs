using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects;

/// <summary>Counts of recent builds, for operators.</summary>
public sealed record ProjectActivity(int Created, int Failed);

/// <summary>
/// The questions other features ask about projects (the tables are this folder's): whoever owns the project, for
/// background work and operators — never to answer a user's request about a project (<see cref="ProjectService.FindAsync"/>
/// checks the owner).
/// </summary>
public sealed class ProjectQueries(DevBotDbContext db)
{
    /// <summary>A project by id, whoever owns it.</summary>
    public Task<Project?> FindAnyAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);

    public Task<string?> TitleAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Title).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The titles of these projects (missing ones left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> TitlesAsync(IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken) =>
        projectIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<Project>().AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, cancellationToken);

    /// <summary>Where the project's delivered archive is stored and how large it is (nulls before delivery).</summary>
    public async Task<(string? Key, long? Size)> ArchiveAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var archive = await db.Set<Project>().AsNoTracking()
            .Where(p => p.Id == projectId).Select(p => new { p.ArchiveKey, p.ArchiveSize }).FirstOrDefaultAsync(cancellationToken);
        return (archive?.ArchiveKey, archive?.ArchiveSize);
    }

    /// <summary>The user's most recent build that has not ended (the one a chat's commands act on), or null.</summary>
    public Task<Project?> LatestUnfinishedAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking()
            .Where(p => p.UserId == userId
                && p.Status != ProjectStatus.Completed && p.Status != ProjectStatus.Failed && p.Status != ProjectStatus.Cancelled)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The user's builds waiting for credits, oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> AwaitingCreditsAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<Project>().AsNoTracking()
            .Where(p => p.UserId == userId && p.Status == ProjectStatus.AwaitingCredits)
            .OrderBy(p => p.CreatedAt)
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);

    public Task<int> CountCreatedSinceAsync(Guid userId, DateTime since, CancellationToken cancellationToken) =>
        db.Set<Project>().CountAsync(p => p.UserId == userId && p.CreatedAt > since, cancellationToken);

    /// <summary>Builds created, and builds that failed, since a moment (everyone's).</summary>
    public async Task<ProjectActivity> ActivitySinceAsync(DateTime since, CancellationToken cancellationToken) => new(
        await db.Set<Project>().CountAsync(p => p.CreatedAt >= since, cancellationToken),
        await db.Set<Project>().CountAsync(p => p.Status == ProjectStatus.Failed && p.UpdatedAt >= since, cancellationToken));

    /// <summary>How many tasks the plan being worked on has (that of the version the latest job builds).</summary>
    public Task<int> TaskCountAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<ProjectTask>().CountAsync(
            t => t.ProjectId == projectId && t.Version == db.Set<Project>().Where(p => p.Id == projectId).Select(p => p.TargetVersion).FirstOrDefault(),
            cancellationToken);

    /// <summary>How many attempts the most recently finished tasks (of any project) took.</summary>
    public async Task<IReadOnlyList<int>> RecentTaskAttemptsAsync(int take, CancellationToken cancellationToken) =>
        await db.Set<ProjectTask>().AsNoTracking()
            .Where(t => t.Status == ProjectTaskStatus.Approved || t.Status == ProjectTaskStatus.Failed)
            .OrderByDescending(t => t.UpdatedAt)
            .Take(take)
            .Select(t => t.Attempts)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The project and the tasks of the version it builds, tracked: the build's unit of work changes them through their
    /// guarded methods.
    /// </summary>
    public async Task<(Project? Project, List<ProjectTask> Tasks)> LoadForBuildAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        var tasks = project is null
            ? []
            : await db.Set<ProjectTask>().Where(t => t.ProjectId == projectId && t.Version == project.TargetVersion).OrderBy(t => t.Index).ToListAsync(cancellationToken);
        return (project, tasks);
    }

    /// <summary>Adds a new plan's tasks to the caller's unit of work.</summary>
    public void AddTasks(IEnumerable<ProjectTask> tasks) => db.Set<ProjectTask>().AddRange(tasks);

    /// <summary>Whether the user asked to cancel, read fresh from the database (another process may have set it).</summary>
    public Task<bool> IsCancelRequestedAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking().Where(p => p.Id == projectId).Select(p => p.CancelRequested).FirstAsync(cancellationToken);
}
