using System.Globalization;
using DevBot.Shared;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DevBot.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/audit", ListAsync)
            .RequireAuthorization(UsersServiceCollectionExtensions.AdminPolicy).WithTags("Admin")
            .WithSummary("The audit log, newest first: filter by user (who acted or whom it concerned), action (or a prefix ending in '.') and time range; paged with limit and cursor.");
        return app;
    }

    private static async Task<Results<Ok<Page<AuditEntryView>>, ProblemHttpResult>> ListAsync(
        string? user, string? action, string? from, string? to, int? limit, string? cursor, AuditQueries queries, CancellationToken cancellationToken)
    {
        Guid? userId = null;
        if (!string.IsNullOrEmpty(user))
        {
            if (!Guid.TryParse(user, out var parsed))
            {
                return Invalid("user must be a user id (a GUID).");
            }

            userId = parsed;
        }

        if (!TryParseTime(from, "from", out var fromTime, out var problem) || !TryParseTime(to, "to", out var toTime, out problem))
        {
            return Invalid(problem);
        }

        var filter = new AuditFilter(userId, string.IsNullOrEmpty(action) ? null : action, fromTime, toTime);
        if (filter.Problem() is { } filterProblem)
        {
            return Invalid(filterProblem);
        }

        if (!PageRequest.TryCreate(limit, cursor, filter.CursorScope(), out var page, out var pageProblem))
        {
            return Invalid(pageProblem);
        }

        return TypedResults.Ok(await queries.PageAsync(filter, page, cancellationToken));
    }

    /// <summary>An ISO 8601 time; one without an offset is taken as UTC.</summary>
    internal static bool TryParseTime(string? text, string name, out DateTime? time, out string problem)
    {
        time = null;
        problem = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            problem = $"{name} must be an ISO 8601 time such as 2026-03-01T12:00:00Z.";
            return false;
        }

        time = parsed.UtcDateTime;
        return true;
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid audit query", detail: detail);
}
