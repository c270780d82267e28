using DevBot.OpenApi;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DevBot.Projects.Versions;

/// <summary>Changes, versions, diffs and undo under <c>/api/v1/projects/{id}</c>.</summary>
public static class VersionEndpoints
{
    public static RouteGroupBuilder MapVersionEndpoints(this RouteGroupBuilder projects)
    {
        projects.MapPost("/{id:guid}/changes", ChangeAsync)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests)
            .WithSummary("Ask for a change in plain words; it is planned, implemented, checked and delivered as the next version.");
        projects.MapGet("/{id:guid}/versions", ListAsync).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Every version of the project, oldest first.");
        projects.MapGet("/{id:guid}/versions/{version:int}/diff", DiffAsync).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("A unified diff (text/x-diff) from the version this one was made from to this one.");
        projects.MapPost("/{id:guid}/versions/{version:int}/restore", RestoreAsync)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests)
            .WithSummary("Undo: queue a new version equal to this one (history is never rewritten).");
        return projects;
    }

    private static async Task<Results<Accepted<VersionAccepted>, ProblemHttpResult>> ChangeAsync(
        Guid id, ChangeProjectRequest request, HttpContext http, ProjectChanges changes, CancellationToken cancellationToken) =>
        Answer(await changes.RequestChangeAsync(http.User.UserId(), id, request.Instruction, request.Paths, cancellationToken), "Invalid change request", http);

    private static async Task<Results<Accepted<VersionAccepted>, ProblemHttpResult>> RestoreAsync(
        Guid id, int version, HttpContext http, ProjectChanges changes, CancellationToken cancellationToken) =>
        Answer(await changes.RequestRestoreAsync(http.User.UserId(), id, version, cancellationToken), "Invalid restore request", http);

    private static async Task<Results<Ok<List<VersionView>>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, ProjectService service, ProjectVersions versions, TestRunLog testRuns, CancellationToken cancellationToken)
    {
        var project = await service.FindAsync(http.User.UserId(), id, cancellationToken);
        if (project is null)
        {
            return NotFound("No such project.");
        }

        var rows = await versions.ListAsync(project, cancellationToken);
        var byNumber = rows.ToDictionary(v => v.Version);
        var views = new List<VersionView>();
        foreach (var row in rows)
        {
            var verification = await testRuns.VerificationAsync(id, DeliveredVersions.TestedVersion(row, byNumber), cancellationToken);
            views.Add(new VersionView(
                row.Version, row.Kind, row.Instruction, row.Status, row.CreatedAt, row.CompletedAt, row.FilesChanged, row.LinesAdded, row.LinesRemoved,
                row.BaseVersion, row.RestoredFrom, row.ArchiveKey is not null && row.Status == VersionStatus.Completed,
                verification is null ? null : VerificationView.Of(verification),
                row.Error ?? (row.Version == project.TargetVersion ? project.Error : null)));
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DiffAsync(
        Guid id, int version, HttpContext http, ProjectService service, ProjectVersions versions, VersionDiffs diffs, CancellationToken cancellationToken)
    {
        if (await service.FindAsync(http.User.UserId(), id, cancellationToken) is null)
        {
            return NotFound("No such project.");
        }

        if (await versions.FindAsync(id, version, cancellationToken) is not { } row)
        {
            return NotFound($"The project has no version {version}.");
        }

        var patch = await diffs.DiffAsync(id, row.BaseVersion, version, cancellationToken);
        return TypedResults.Text(patch.Text, "text/x-diff", System.Text.Encoding.UTF8);
    }

    private static Results<Accepted<VersionAccepted>, ProblemHttpResult> Answer(VersionRequest result, string invalidTitle, HttpContext http) => result switch
    {
        VersionRequest.Queued { Version: var queued } => TypedResults.Accepted(
            $"/api/v1/projects/{queued.ProjectId}",
            new VersionAccepted(queued.ProjectId, queued.Version, queued.JobId, ProjectStatus.Queued.ToApi(), queued.QueuePosition, queued.Kind, queued.RestoredFrom)),
        VersionRequest.NotFound notFound => NotFound(notFound.Reason),
        VersionRequest.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: conflict.Reason),
        VersionRequest.Invalid invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: invalidTitle, detail: invalid.Reason),
        VersionRequest.QueueFull { Limit: var full } => QueueFull(full, http),
        _ => throw new InvalidOperationException("Unknown version request outcome."),
    };

    /// <summary>429 like a new build at the limit: when to try again is a guess, since it depends on when one of the user's builds starts.</summary>
    private static ProblemHttpResult QueueFull(QueueLimitReached full, HttpContext http)
    {
        http.Response.Headers.RetryAfter = ProjectEndpoints.QueueFullRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many builds waiting", detail: full.Message,
            extensions: new Dictionary<string, object?> { ["queued"] = full.Queued, ["limit"] = full.Limit });
    }

    /// <summary>Another user's project answers exactly like an unknown one.</summary>
    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
