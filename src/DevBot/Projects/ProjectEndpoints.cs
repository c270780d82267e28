using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using DevBot.Data;
using DevBot.OpenApi;
using DevBot.Projects.Events;
using DevBot.Projects.Imports;
using DevBot.Projects.Versions;
using DevBot.Shared;
using DevBot.Storage;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects;

internal static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/v1/projects").RequireAuthorization().WithApiTag(ApiTags.Projects);
        projects.MapPost("/", CreateAsync).WithName("createProject").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests)
            .WithSummary("Describe a project; it is queued and built in the background.");
        projects.MapGet("/", ListAsync).WithName("listProjects").ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("Your projects, newest first, a page at a time: ?limit=1..200 (default 50) and ?cursor=<nextCursor>.");
        projects.MapGet("/{id:guid}", GetAsync).WithName("getProject").ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("A project's status, plan and files.");
        projects.MapGet("/{id:guid}/files/{*path}", GetFileAsync).WithName("getProjectFile")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithSummary("One generated file, as text.");
        projects.MapGet("/{id:guid}/archive", GetArchiveAsync).WithName("getProjectArchive")
            .Produces<Stream>(StatusCodes.Status200OK, "application/zip").Produces(StatusCodes.Status302Found).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The delivered project as a ZIP with its git history (?version=N for an earlier version; a large one in a bucket: a redirect to a presigned URL).");
        projects.MapPost("/{id:guid}/cancel", CancelAsync).WithName("cancelProject").ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Stop a queued or running build.");
        projects.MapGet("/{id:guid}/events", StreamEvents).WithName("streamProjectEvents").ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Live progress as Server-Sent Events.");
        projects.MapVersionEndpoints();
        projects.MapImportEndpoints();
        return app;
    }

    /// <summary>When a user at the queue limit may try again: a guess, since it depends on when one of their builds starts.</summary>
    internal const int QueueFullRetryAfterSeconds = 60;

    private static async Task<Results<Accepted<ProjectAccepted>, ProblemHttpResult>> CreateAsync(
        CreateProjectRequest request, HttpContext http, ProjectService service, CancellationToken cancellationToken)
    {
        if (ProjectService.Validate(request.Description, request.Title, request.Stack) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid project request", detail: problem);
        }

        var userId = http.User.UserId();
        switch (await service.SubmitAsync(userId, request.Description!, request.Title, request.Stack, Actor.Api(userId), cancellationToken))
        {
            case SubmittedProject submitted:
                return TypedResults.Accepted(
                    $"/api/v1/projects/{submitted.Project.Id}",
                    new ProjectAccepted(submitted.Project.Id, submitted.Job.Id, submitted.Project.Status.ToApi(), submitted.QueuePosition));
            case QueueLimitReached full:
                http.Response.Headers.RetryAfter = QueueFullRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many builds waiting", detail: full.Message,
                    extensions: new Dictionary<string, object?> { ["queued"] = full.Queued, ["limit"] = full.Limit });
            case var other:
                throw new InvalidOperationException($"Unexpected submit outcome {other}.");
        }
    }

    private static async Task<Results<Ok<Page<ProjectSummary>>, ProblemHttpResult>> ListAsync(
        HttpContext http, ProjectService service, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        if (!PageRequest.TryCreate(limit, cursor, ProjectService.CursorScope(userId), out var page, out var problem))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid page request", detail: problem);
        }

        return TypedResults.Ok(await service.PageAsync(userId, page, cancellationToken));
    }

    private static async Task<Results<Ok<ProjectDetails>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, ProjectService service, ProjectFileStore files, TestRunLog testRuns, IBuildCostReader costs, CancellationToken cancellationToken)
    {
        var project = await service.FindAsync(http.User.UserId(), id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        var tasks = await service.TasksAsync(id, cancellationToken);
        var position = project.Status == ProjectStatus.Queued ? await service.QueuePositionAsync(id, cancellationToken) : null;
        var runs = await testRuns.ListAsync(id, cancellationToken);
        var verification = await testRuns.VerificationAsync(id, project.TargetVersion, cancellationToken)
            ?? await testRuns.VerificationAsync(id, project.Version, cancellationToken);
        var analysis = await testRuns.AnalysisAsync(id, project.TargetVersion, cancellationToken)
            ?? await testRuns.AnalysisAsync(id, project.Version, cancellationToken);
        var waiting = await service.RetryWaitAsync(project, cancellationToken);
        return TypedResults.Ok(new ProjectDetails(
            project.Id, project.Title, project.Description, project.Stack, project.Status.ToApi(), position,
            project.PlanSummary, project.PlanMarkdown,
            tasks.Select(t => new ProjectTaskView(t.Index, t.Title, t.Details, t.Status.ToApi(), t.Attempts, t.Feedback)).ToList(),
            await files.ListAsync(id, cancellationToken), project.Error, project.ArchiveKey is not null, project.CreatedAt, project.UpdatedAt, project.CompletedAt,
            await costs.GetAsync(id, cancellationToken),
            runs.Select(TestRunView.Of).ToList(),
            verification is null ? null : VerificationView.Of(verification),
            analysis is null ? null : AnalysisView.Of(analysis),
            waiting?.Reason,
            waiting?.RetryAt,
            project.Version));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetFileAsync(
        Guid id, string path, HttpContext http, ProjectService service, ProjectFileStore files, CancellationToken cancellationToken)
    {
        if (await service.FindAsync(http.User.UserId(), id, cancellationToken) is null)
        {
            return NotFound();
        }

        if (!ProjectPath.TryNormalize(path, out var normalized, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid path", detail: error);
        }

        var content = await files.ReadAsync(id, normalized, cancellationToken);
        return content is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The project has no file '{normalized}'.")
            : TypedResults.Text(content, "text/plain", System.Text.Encoding.UTF8);
    }

    private static async Task<Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult>> GetArchiveAsync(
        Guid id, int? version, HttpContext http, ProjectService service, ProjectVersions versions, IObjectStore archives, ArchiveDownloads downloads,
        CancellationToken cancellationToken)
    {
        var project = await service.FindAsync(http.User.UserId(), id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        var (key, size) = (project.ArchiveKey, project.ArchiveSize);
        if (version is { } number && number != project.Version)
        {
            var row = await versions.FindAsync(id, number, cancellationToken);
            if (row is not { Status: VersionStatus.Completed, ArchiveKey: not null })
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The project has no delivered version {number}.");
            }

            (key, size) = (row.ArchiveKey, row.ArchiveSize);
        }

        var fileName = ProjectArchive.FileName(project.Title);
        if (key is not null && downloads.RedirectFor(key, size, fileName) is { } presigned)
        {
            return TypedResults.Redirect(presigned.AbsoluteUri);
        }

        var stream = key is null ? null : await archives.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not ready",
                detail: $"The project's archive does not exist yet (status: {project.Status.ToApi()}).");
        }

        return TypedResults.File(stream, "application/zip", fileName);
    }

    private static async Task<Results<Accepted<ProjectCancelled>, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext http, ProjectService service, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        return await service.CancelAsync(userId, id, Actor.Api(userId), cancellationToken) switch
        {
            CancelResult.NotFound => NotFound(),
            CancelResult.AlreadyFinished => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already finished",
                detail: "The build has already finished; there is nothing to cancel."),
            CancelResult.Cancelled => TypedResults.Accepted((string?)null, new ProjectCancelled(id, ProjectStatus.Cancelled.ToApi(), "The build was cancelled.")),
            _ => TypedResults.Accepted((string?)null, new ProjectCancelled(id, "cancelling", "The build will stop at the next step boundary.")),
        };
    }

    private static async Task<Results<ServerSentEventsResult<ProjectEventView>, ProblemHttpResult>> StreamEvents(
        Guid id, HttpContext http, ProjectService service, ProjectEventLog eventLog, IServiceScopeFactory scopes, ProjectEventSignal signal, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await service.FindAsync(http.User.UserId(), id, cancellationToken) is null)
        {
            return NotFound();
        }

        // Without a cursor the stream starts with the latest build or change: an earlier version's end is not this one's.
        if (!long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var after))
        {
            after = await eventLog.BeforeLatestStartAsync(id, cancellationToken);
        }
        return TypedResults.ServerSentEvents(ReadEventsAsync(id, after, scopes, signal, time, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<ProjectEventView>> ReadEventsAsync(
        Guid projectId, long after, IServiceScopeFactory scopes, ProjectEventSignal signal, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<RecordedBuildEvent> batch;
            bool finished;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();

                // Read before the events: a final status seen here means its final event is in the batch or was already sent.
                var status = await db.Set<Project>().AsNoTracking().Where(p => p.Id == projectId).Select(p => (ProjectStatus?)p.Status).FirstOrDefaultAsync(cancellationToken);
                finished = status is null || status.Value.IsTerminal();
                batch = await scope.ServiceProvider.GetRequiredService<ProjectEventLog>().ReadAsync(projectId, after, 100, cancellationToken);
            }

            foreach (var item in batch)
            {
                after = item.Id;
                if (item.Event is UnknownBuildEvent)
                {
                    continue;
                }

                yield return new SseItem<ProjectEventView>(new ProjectEventView(item.Id, item.Kind, item.Event, item.CreatedAt), item.Kind)
                {
                    EventId = item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (item.Event.IsTerminal)
                {
                    yield break;
                }
            }

            if (batch.Count == 0 && finished)
            {
                // A client reconnecting after the final event (EventSource does) gets an ended stream, not one held open forever.
                yield break;
            }

            if (batch.Count == 0)
            {
                await signal.WaitForProjectAsync(projectId, ProjectEventWatcher.StreamFallback, time, cancellationToken);
            }
        }
    }

    /// <summary>Another user's project answers exactly like an unknown one.</summary>
    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such project.");
}
