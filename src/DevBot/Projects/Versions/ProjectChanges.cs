using DevBot.Data;
using DevBot.Jobs;
using DevBot.Projects.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Projects.Versions;

/// <summary>A new version in line: its number, its job and its place in the queue.</summary>
public sealed record QueuedVersion(Guid ProjectId, int Version, VersionKind Kind, Guid JobId, int QueuePosition, int? RestoredFrom);

/// <summary>What became of a request for a new version.</summary>
public abstract record VersionRequest
{
    public sealed record Queued(QueuedVersion Version) : VersionRequest;

    /// <summary>Unknown, or another user's project (answered the same way).</summary>
    public sealed record NotFound(string Reason) : VersionRequest;

    /// <summary>The request itself is wrong (empty instruction, unknown path); one sentence says what.</summary>
    public sealed record Invalid(string Reason) : VersionRequest;

    /// <summary>The project cannot take a new version now: it is being built or changed, or has nothing delivered.</summary>
    public sealed record Conflict(string Reason) : VersionRequest;

    /// <summary>The user already has <c>MAX_QUEUED_BUILDS_PER_USER</c> builds and changes waiting (the same limit as new builds).</summary>
    public sealed record QueueFull(QueueLimitReached Limit) : VersionRequest;
}

/// <summary>
/// Every front door's way to a new version of a delivered project: a change in plain words, or a restore of an earlier
/// version (undo). The version is numbered, the project reopened through its guarded <see cref="Project.BeginVersion"/>,
/// the job queued and the event written in one transaction; a second request while one is queued or running gets a
/// conflict, never a second job.
/// </summary>
public sealed class ProjectChanges(
    DevBotDbContext db,
    JobQueue queue,
    ProjectEventLog eventLog,
    ProjectEventSignal events,
    ProjectVersions versions,
    ProjectHistory history,
    IEnumerable<IProjectFilesObserver> observers,
    IOptions<ProjectLimits> limits,
    TimeProvider time,
    ILogger<ProjectChanges> logger)
{
    /// <summary>The job kind of every version after the first: a change or a restore (the version row says which).</summary>
    public const string JobKind = "change";

    /// <summary>Most files one change may point at.</summary>
    public const int MaxPaths = 20;

    public const string BusyReason = "A build or change of this project is queued or running; wait for it to finish, or cancel it.";

    /// <summary>Null when the instruction is usable, else a sentence saying what is wrong with it.</summary>
    public static string? ValidateInstruction(string? instruction)
    {
        if (string.IsNullOrWhiteSpace(instruction))
        {
            return "Say what to change: the instruction is empty.";
        }

        var trimmed = instruction.Trim();
        if (trimmed.Length > ProjectLimits.MaxDescriptionLength)
        {
            return $"The instruction is too long ({trimmed.Length} characters); keep it under {ProjectLimits.MaxDescriptionLength}.";
        }

        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                return $"The instruction contains a control character (U+{(int)c:X4}); send plain text.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < trimmed.Length && char.IsLowSurrogate(trimmed[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "The instruction is not valid Unicode text (a broken surrogate pair).";
            }
        }

        return null;
    }

    public async Task<VersionRequest> RequestChangeAsync(
        Guid userId, Guid projectId, string? instruction, IReadOnlyList<string>? paths, CancellationToken cancellationToken)
    {
        if (ValidateInstruction(instruction) is { } problem)
        {
            return new VersionRequest.Invalid(problem);
        }

        var project = await FindOwnedAsync(userId, projectId, cancellationToken);
        if (project is null)
        {
            return new VersionRequest.NotFound("No such project.");
        }

        if (Refusal(project) is { } refusal)
        {
            return refusal;
        }

        var named = new List<string>();
        if (paths is { Count: > 0 })
        {
            if (paths.Count > MaxPaths)
            {
                return new VersionRequest.Invalid($"Point the change at {MaxPaths} files at most ({paths.Count} given).");
            }

            var tree = await history.TreeAsync(projectId, project.Version, cancellationToken);
            foreach (var path in paths)
            {
                if (!ProjectPath.TryNormalize(path, out var normalized, out var error))
                {
                    return new VersionRequest.Invalid(error);
                }

                if (!tree.TryGetValue(normalized, out var entry) || entry.Binary)
                {
                    return new VersionRequest.Invalid($"The project has no text file '{normalized}'.");
                }

                if (!named.Contains(normalized))
                {
                    named.Add(normalized);
                }
            }
        }

        return await QueueAsync(project, new ProjectVersion
        {
            Kind = VersionKind.Change,
            Instruction = instruction!.Trim(),
            Paths = named.Count == 0 ? null : string.Join('\n', named),
        }, cancellationToken);
    }

    /// <summary>Makes the next version equal to <paramref name="version"/> (undo); history is never rewritten.</summary>
    public async Task<VersionRequest> RequestRestoreAsync(Guid userId, Guid projectId, int version, CancellationToken cancellationToken)
    {
        var project = await FindOwnedAsync(userId, projectId, cancellationToken);
        if (project is null)
        {
            return new VersionRequest.NotFound("No such project.");
        }

        var restored = await versions.FindAsync(projectId, version, cancellationToken);
        if (restored is null || restored.Status != VersionStatus.Completed || (restored.Version == project.TargetVersion && project.Status != ProjectStatus.Completed))
        {
            return new VersionRequest.NotFound($"The project has no delivered version {version}.");
        }

        if (Refusal(project) is { } refusal)
        {
            return refusal;
        }

        return version == project.Version
            ? new VersionRequest.Conflict($"Version {version} is the current version already.")
            : await QueueAsync(project, new ProjectVersion { Kind = VersionKind.Restore, RestoredFrom = version }, cancellationToken);
    }

    private static VersionRequest? Refusal(Project project) =>
        !project.Status.IsTerminal() ? new VersionRequest.Conflict(BusyReason)
        : project.Version < 1 ? new VersionRequest.Conflict("The project has no delivered version to change yet.")
        : null;

    private Task<Project?> FindOwnedAsync(Guid userId, Guid projectId, CancellationToken cancellationToken) =>
        db.Set<Project>().FirstOrDefaultAsync(p => p.Id == projectId && p.UserId == userId, cancellationToken);

    private async Task<VersionRequest> QueueAsync(Project project, ProjectVersion next, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db, cancellationToken);
        await using var direct = await DirectConnection.BeginAsync(db, cancellationToken);

        // The user's queue is locked to the commit: a second request for this project waits here, then finds it busy.
        await queue.LockUserAsync(direct, project.UserId, wait: true, cancellationToken);
        await db.Entry(project).ReloadAsync(cancellationToken);
        if (Refusal(project) is { } refusal)
        {
            return refusal;
        }

        // A change waits in the same line as builds, so it counts against the same per-user limit.
        var standing = await queue.StandingAsync(direct, project.UserId, cancellationToken);
        if (standing.Queued >= limits.Value.MaxQueuedBuildsPerUser)
        {
            return new VersionRequest.QueueFull(new QueueLimitReached(standing.Queued, limits.Value.MaxQueuedBuildsPerUser));
        }

        // The version the project was last working on keeps the outcome its project status gave it.
        if (await versions.FindTrackedAsync(project.Id, project.TargetVersion, cancellationToken) is { IsFinished: false } previous)
        {
            previous.Status = ProjectVersions.StatusOf(project.Status);
            previous.CompletedAt ??= project.CompletedAt;
        }

        var number = await versions.NextNumberAsync(project.Id, cancellationToken);
        var (changed, removed) = await history.ResetWorkingFilesAsync(project.Id, project.Version, now, cancellationToken);
        var job = queue.Create(project.Id, project.UserId, JobKind, standing);
        next.ProjectId = project.Id;
        next.Version = number;
        next.Status = VersionStatus.Queued;
        next.BaseVersion = project.Version;
        next.CreatedAt = now;
        next.JobId = job.Id;
        versions.Add(next);
        project.BeginVersion(number, now);
        eventLog.Append(project.Id, new ChangeQueued(job.Id, number, next.Kind, next.Instruction, next.RestoredFrom), now);
        int position;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            position = await queue.InsertAsync(direct, [job], job, cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another request numbered the same version first: that one is queued, this one is the second.
            LogRace(e, project.Id);
            return new VersionRequest.Conflict(BusyReason);
        }

        await direct.CommitAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await queue.WakeWorkersAsync(cancellationToken);
        events.Pulse(project.Id);
        await NotifyAsync(project.Id, changed, removed, cancellationToken);
        return new VersionRequest.Queued(new QueuedVersion(project.Id, number, next.Kind, job.Id, position, next.RestoredFrom));
    }

    /// <summary>The working files went back to the delivered version: the retrieval index follows.</summary>
    private async Task NotifyAsync(Guid projectId, IReadOnlyList<string> changed, IReadOnlyList<string> removed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0 && removed.Count == 0)
        {
            return;
        }

        foreach (var observer in observers)
        {
            try
            {
                await observer.OnFilesCommittedAsync(projectId, changed, removed, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The index catches up on its own; a change request must not fail for it.
                logger.LogError(ex, "Files observer {Observer} failed for project {ProjectId}", observer.GetType().Name, projectId);
            }
        }
    }

    private void LogRace(Exception exception, Guid projectId) =>
        logger.LogInformation(exception, "A second request for a new version of project {ProjectId} lost the race", projectId);
}
