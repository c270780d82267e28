using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects;

public sealed record SubmittedProject(Project Project, Job Job, int QueuePosition);

public enum CancelResult
{
    NotFound,
    AlreadyFinished,
    Cancelled,
    CancelRequested,
}

/// <summary>What every front door (HTTP, Telegram, CLI) does with projects: submit, look up, cancel, resume.</summary>
public sealed class ProjectService(DevBotDbContext db, JobQueue queue, ProjectEventLog eventLog, ProjectEventSignal events, TimeProvider time)
{
    public const string BuildJobKind = "build";

    /// <summary>The reason a cancellation gives, wherever it happens.</summary>
    public const string CancelledByUser = "Cancelled by the user.";

    /// <summary>Validates a request; null when valid, else a sentence saying what is wrong.</summary>
    public static string? Validate(string? description, string? title, string? stack)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return "Describe the project you want: the description is empty.";
        }

        if (description.Trim().Length > ProjectLimits.MaxDescriptionLength)
        {
            return $"The description is too long ({description.Trim().Length} characters); keep it under {ProjectLimits.MaxDescriptionLength}.";
        }

        if (title is not null && title.Trim().Length > ProjectLimits.MaxTitleLength)
        {
            return $"The title is too long; keep it under {ProjectLimits.MaxTitleLength} characters.";
        }

        if (stack is not null && stack.Trim().Length > ProjectLimits.MaxStackLength)
        {
            return $"The stack is too long; keep it under {ProjectLimits.MaxStackLength} characters.";
        }

        return null;
    }

    public async Task<SubmittedProject> SubmitAsync(Guid userId, string description, string? title, string? stack, CancellationToken cancellationToken)
    {
        if (Validate(description, title, stack) is { } problem)
        {
            throw new ArgumentException(problem, nameof(description));
        }

        var now = time.GetUtcNow().UtcDateTime;
        description = description.Trim();
        var provisional = string.IsNullOrWhiteSpace(title);
        var project = new Project
        {
            UserId = userId,
            Title = provisional ? ProvisionalTitle(description) : title!.Trim(),
            TitleProvisional = provisional,
            Description = description,
            Stack = string.IsNullOrWhiteSpace(stack) ? null : stack.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Set<Project>().Add(project);
        var job = queue.Add(project.Id, userId, BuildJobKind);
        db.Set<ProjectVersion>().Add(ProjectVersions.FirstBuild(project, job.Id, now));
        eventLog.Append(project.Id, new BuildQueued(job.Id), now);

        // The position is read inside the inserting transaction, before any worker can see (and claim) the job.
        await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var positions = await queue.QueuePositionsAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await queue.WakeWorkersAsync(cancellationToken);
        events.Pulse();
        return new SubmittedProject(project, job, positions.GetValueOrDefault(job.Id));
    }

    public Task<Project?> FindAsync(Guid userId, Guid projectId, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && p.UserId == userId, cancellationToken);

    public Task<List<Project>> ListAsync(Guid userId, int limit, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking()
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    /// <summary>The plan being worked on: the tasks of the version the project's latest job builds.</summary>
    public Task<List<ProjectTask>> TasksAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<ProjectTask>().AsNoTracking()
            .Where(t => t.ProjectId == projectId && t.Version == db.Set<Project>().Where(p => p.Id == projectId).Select(p => p.TargetVersion).FirstOrDefault())
            .OrderBy(t => t.Index)
            .ToListAsync(cancellationToken);

    /// <summary>Queue position of the project's waiting job, or null when it is not waiting.</summary>
    public async Task<int?> QueuePositionAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var jobId = await db.Set<Job>().AsNoTracking()
            .Where(j => j.ProjectId == projectId && j.Status == JobStatus.Queued)
            .Select(j => (Guid?)j.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (jobId is null)
        {
            return null;
        }

        var positions = await queue.QueuePositionsAsync(cancellationToken);
        return positions.TryGetValue(jobId.Value, out var position) ? position : null;
    }

    public async Task<CancelResult> CancelAsync(Guid userId, Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().FirstOrDefaultAsync(p => p.Id == projectId && p.UserId == userId, cancellationToken);
        if (project is null)
        {
            return CancelResult.NotFound;
        }

        if (project.Status.IsTerminal())
        {
            return CancelResult.AlreadyFinished;
        }

        var now = time.GetUtcNow().UtcDateTime;
        project.CancelRequested = true;
        project.UpdatedAt = now;
        await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db, cancellationToken);
        var cancelledWaiting = await queue.CancelQueuedAsync(projectId, cancellationToken);
        var runningJobs = await db.Set<Job>().CountAsync(j => j.ProjectId == projectId && j.Status == JobStatus.Running, cancellationToken);
        var result = CancelResult.CancelRequested;
        if (cancelledWaiting > 0 && runningJobs == 0)
        {
            // Nobody is working on it: it is cancelled now, not at a step boundary.
            project.MoveTo(ProjectStatus.Cancelled, now);
            eventLog.Append(projectId, new BuildCancelled(CancelledByUser), now);
            result = CancelResult.Cancelled;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Pulse();
        return result;
    }

    /// <summary>Puts a build paused for credits back in line; it continues from its last completed step.</summary>
    public async Task<bool> ResumeAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null || project.Status != ProjectStatus.AwaitingCredits)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        project.MoveTo(ProjectStatus.Queued, now);
        eventLog.Append(projectId, new BuildResumed(), now);
        await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await queue.ResumePausedAsync(projectId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await queue.WakeWorkersAsync(cancellationToken);
        events.Pulse();
        return true;
    }

    private static string ProvisionalTitle(string description)
    {
        var firstLine = description.Split('\n', 2)[0].Trim();
        return firstLine.Length <= 60 ? firstLine : firstLine[..57].TrimEnd() + "…";
    }
}
