using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects;

/// <summary>A project's recorded checks (<c>project_test_runs</c>) and analysis records: kept as the build's evidence.</summary>
public sealed class TestRunLog(DevBotDbContext db)
{
    /// <summary>Adds the run to the caller's unit of work with the project's next index.</summary>
    public async Task<ProjectTestRun> AppendAsync(ProjectTestRun run, CancellationToken cancellationToken)
    {
        var last = await db.Set<ProjectTestRun>().Where(r => r.ProjectId == run.ProjectId).MaxAsync(r => (int?)r.Index, cancellationToken) ?? 0;
        var pending = db.ChangeTracker.Entries<ProjectTestRun>()
            .Where(e => e.State == EntityState.Added && e.Entity.ProjectId == run.ProjectId)
            .Select(e => e.Entity.Index)
            .DefaultIfEmpty(0)
            .Max();
        run.Index = Math.Max(last, pending) + 1;
        db.Set<ProjectTestRun>().Add(run);
        return run;
    }

    public async Task<IReadOnlyList<ProjectTestRun>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        await db.Set<ProjectTestRun>().AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Index).ToListAsync(cancellationToken);

    /// <summary>The latest test run (not a static check) of a version, or null before one ran.</summary>
    public Task<ProjectTestRun?> LatestTestsAsync(Guid projectId, int version, CancellationToken cancellationToken) =>
        db.Set<ProjectTestRun>().AsNoTracking()
            .Where(r => r.ProjectId == projectId && r.Version == version && r.Kind == TestRunKind.Tests)
            .OrderByDescending(r => r.Index)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>What the version's final test run proved; null while no test has run.</summary>
    public async Task<VerificationSummary?> VerificationAsync(Guid projectId, int version, CancellationToken cancellationToken) =>
        await LatestTestsAsync(projectId, version, cancellationToken) is { } run ? VerificationSummary.From(run) : null;

    /// <summary>Adds (or replaces) the version's analysis record in the caller's unit of work.</summary>
    public async Task SaveAnalysisAsync(ProjectAnalysis analysis, CancellationToken cancellationToken)
    {
        var existing = await db.Set<ProjectAnalysis>().FirstOrDefaultAsync(a => a.ProjectId == analysis.ProjectId && a.Version == analysis.Version, cancellationToken);
        if (existing is null)
        {
            db.Set<ProjectAnalysis>().Add(analysis);
        }
        else
        {
            db.Entry(existing).CurrentValues.SetValues(analysis);
        }
    }

    public Task<ProjectAnalysis?> AnalysisAsync(Guid projectId, int version, CancellationToken cancellationToken) =>
        db.Set<ProjectAnalysis>().AsNoTracking().FirstOrDefaultAsync(a => a.ProjectId == projectId && a.Version == version, cancellationToken);
}
