using DevBot.Audit;
using DevBot.Data;
using DevBot.Jobs;
using DevBot.Observability;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using DevBot.Shared;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Projects;

public enum CancelResult
{
    NotFound,
    AlreadyFinished,
    Cancelled,
    CancelRequested,
}

/// <summary>What every front door (HTTP, Telegram, CLI) does with projects: submit, look up, cancel, resume.</summary>
public sealed class ProjectService(
    DevBotDbContext db,
    GroupCommit groupCommit,
    JobQueue queue,
    ProjectEventLog eventLog,
    ProjectEventSignal events,
    AuditTrail audit,
    IOptions<ProjectLimits> limits,
    TimeProvider time,
    DevBotMetrics metrics)
{
    public const string BuildJobKind = "build";

    /// <summary>The reason a cancellation gives, wherever it happens.</summary>
    public const string CancelledByUser = "Cancelled by the user.";
    public const string CreatedAction = "project.created";
    public const string CancelledAction = "project.cancelled";

    /// <summary>Validates a request; null when valid, else a sentence saying what is wrong.</summary>
    public static string? Validate(string? description, string? title, string? stack)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return "Describe the project you want: the description is empty.";
        }

        if (UserText.Problem(description, "description", multiline: true) is { } descriptionProblem)
        {
            return descriptionProblem;
        }

        if (description.Trim().Length > ProjectLimits.MaxDescriptionLength)
        {
            return $"The description is too long ({description.Trim().Length} characters); keep it under {ProjectLimits.MaxDescriptionLength}.";
        }

        if (title is not null && (UserText.Problem(title, "title", multiline: false) is { } titleProblem))
        {
            return titleProblem;
        }

        if (title is not null && title.Trim().Length > ProjectLimits.MaxTitleLength)
        {
            return $"The title is too long; keep it under {ProjectLimits.MaxTitleLength} characters.";
        }

        if (stack is not null && (UserText.Problem(stack, "stack", multiline: false) is { } stackProblem))
        {
            return stackProblem;
        }

        if (stack is not null && stack.Trim().Length > ProjectLimits.MaxStackLength)
        {
            return $"The stack is too long; keep it under {ProjectLimits.MaxStackLength} characters.";
        }

        return null;
    }

    /// <summary>
    /// Queues a build, or refuses it when the user already has <c>MAX_QUEUED_BUILDS_PER_USER</c> builds waiting. The
    /// user's queue is locked from the count to the commit, so two submissions at the limit cannot both pass.
    /// Concurrent submissions are committed together (<see cref="GroupCommit"/>); inside a caller's transaction (a
    /// Telegram update) the submission joins that transaction instead.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(Guid userId, string description, string? title, string? stack, Actor actor, CancellationToken cancellationToken)
    {
        if (Validate(description, title, stack) is { } problem)
        {
            throw new ArgumentException(problem, nameof(description));
        }

        SubmitOutcome outcome;
        if (db.Database.CurrentTransaction is null)
        {
            outcome = await groupCommit.RunAsync(
                (group, ct) => QueueAsync(group.Connection, wait: !group.HoldsOthers, group.Lane, userId, description, title, stack, actor, ct), cancellationToken);
        }
        else
        {
            await using var joined = await DirectConnection.BeginAsync(db, cancellationToken);
            outcome = (await QueueAsync(joined, wait: true, lane: null, userId, description, title, stack, actor, cancellationToken)).Value!;
            await joined.CommitAsync(cancellationToken);
        }

        if (outcome is SubmittedProject submitted)
        {
            await queue.WakeWorkersAsync(cancellationToken);
            events.Pulse(submitted.Project.Id);
        }

        return outcome;
    }

    /// <summary>
    /// The submission's writes, in a transaction it may share with other submissions: lock the user's queue and count
    /// it (one round trip), insert the project, its job, first version, queued event and audit entry (another). When
    /// it may only try the lock (its transaction holds others' locks) and the user is locked elsewhere, it changes
    /// nothing and asks to run alone. Safe to run again after a rollback: everything it stores is made afresh.
    /// </summary>
    private async Task<BatchStep<SubmitOutcome>> QueueAsync(
        DirectConnection transaction, bool wait, int? lane, Guid userId, string description, string? title, string? stack, Actor actor, CancellationToken cancellationToken)
    {
        if (await queue.LockAndReadStandingAsync(transaction, userId, wait, lane, cancellationToken) is not { } standing)
        {
            return BatchStep<SubmitOutcome>.RunAlone;
        }

        var limit = limits.Value.MaxQueuedBuildsPerUser;
        if (standing.Queued >= limit)
        {
            return BatchStep<SubmitOutcome>.Done(new QueueLimitReached(standing.Queued, limit));
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
        var job = queue.Create(project.Id, userId, BuildJobKind, standing);
        // The position is read before the commit, so no worker has claimed the job yet: a sum over a few counters.
        var position = await queue.InsertAsync(transaction,
        [
            project,
            job,
            ProjectVersions.FirstBuild(project, job.Id, now),
            ProjectEventLog.Row(project.Id, new BuildQueued(job.Id), now),
            audit.Entry(actor, CreatedAction, new { projectId = project.Id, jobId = job.Id, title = project.Title }, userId),
        ], job, cancellationToken);
        return BatchStep<SubmitOutcome>.Done(new SubmittedProject(project, job, position));
    }

    public Task<Project?> FindAsync(Guid userId, Guid projectId, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && p.UserId == userId, cancellationToken);

    public Task<List<Project>> ListAsync(Guid userId, int limit, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking()
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);

    /// <summary>A cursor is only valid for the projects list of the user it was made for.</summary>
    public static string CursorScope(Guid userId) => $"projects|{userId}";

    /// <summary>The user's projects, newest first, one keyset page at a time.</summary>
    public async Task<Page<ProjectSummary>> PageAsync(Guid userId, PageRequest page, CancellationToken cancellationToken)
    {
        var projects = db.Set<Project>().AsNoTracking().Where(p => p.UserId == userId);
        if (page.After is { } after)
        {
            projects = projects.Where(p => p.CreatedAt < after.CreatedAt || (p.CreatedAt == after.CreatedAt && p.Id.CompareTo(after.Id) < 0));
        }

        var rows = await projects
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Take(page.Limit + 1)
            .Select(p => new ProjectSummary(p.Id, p.Title, p.Status.ToApi(), p.CreatedAt, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        return page.ToPage(rows, p => new PagePosition(p.CreatedAt, p.Id), p => p, CursorScope(userId));
    }

    /// <summary>The plan being worked on: the tasks of the version the project's latest job builds.</summary>
    public Task<List<ProjectTask>> TasksAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<ProjectTask>().AsNoTracking()
            .Where(t => t.ProjectId == projectId && t.Version == db.Set<Project>().Where(p => p.Id == projectId).Select(p => p.TargetVersion).FirstOrDefault())
            .OrderBy(t => t.Index)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// While a build waits to run again after the model failed: the event that says why and until when (the build's
    /// latest <see cref="BuildRetrying"/>, as long as its time has not come). Null when it is not waiting for that.
    /// </summary>
    public async Task<BuildRetrying?> RetryWaitAsync(Project project, CancellationToken cancellationToken)
    {
        if (project.Status.IsTerminal() || project.Status == ProjectStatus.AwaitingCredits)
        {
            return null;
        }

        var retrying = await eventLog.LatestAsync<BuildRetrying>(project.Id, cancellationToken);
        return retrying is { RetryAt: { } at } && at > time.GetUtcNow().UtcDateTime ? retrying : null;
    }

    /// <summary>Queue position of the project's waiting job, or null when it is not waiting (see <see cref="JobQueue.PositionAsync"/>).</summary>
    public Task<int?> QueuePositionAsync(Guid projectId, CancellationToken cancellationToken) => queue.PositionAsync(projectId, cancellationToken);

    public async Task<CancelResult> CancelAsync(Guid userId, Guid projectId, Actor actor, CancellationToken cancellationToken)
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
        var running = await queue.IsRunningAsync(projectId, cancellationToken);
        var result = CancelResult.CancelRequested;
        if (cancelledWaiting > 0 && !running)
        {
            // Nobody is working on it: it is cancelled now, not at a step boundary.
            project.MoveTo(ProjectStatus.Cancelled, now);
            eventLog.Append(projectId, new BuildCancelled(CancelledByUser), now);
            result = CancelResult.Cancelled;
        }

        audit.Add(db, actor, CancelledAction, new { projectId, immediately = result == CancelResult.Cancelled }, userId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (result == CancelResult.Cancelled)
        {
            // No pipeline will see this build again, so this is the one place that counts it.
            metrics.BuildFinished(BuildOutcome.Cancelled);
        }

        events.Pulse(projectId);
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
        events.Pulse(projectId);
        return true;
    }

    private static string ProvisionalTitle(string description)
    {
        var firstLine = description.Split('\n', 2)[0].Trim();
        return firstLine.Length <= 60 ? firstLine : Utf8Text.Clip(firstLine, 58).TrimEnd('…').TrimEnd() + "…";
    }
}
