using DevBot.OpenApi;
using DevBot.Projects;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DevBot.Billing.CostControl;

internal sealed record ContinueView(Guid Id, string Status, string Message, decimal? CapCredits, decimal? SpentCredits);

internal static class BuildCostEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/v1/projects").RequireAuthorization().WithApiTag(ApiTags.Projects);
        projects.MapGet("/{id:guid}/cost", GetCostAsync).WithName("getProjectCost").ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("What the build has spent, its credit limit, and (after the plan) the estimated total.");
        projects.MapPost("/{id:guid}/continue", ContinueAsync).WithName("continueProject")
            .ProducesProblems(StatusCodes.Status402PaymentRequired, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Resume a build paused at its credit limit, allowing it another MAX_CREDITS_PER_BUILD credits.");
    }

    private static async Task<Results<Ok<BuildCost>, ProblemHttpResult>> GetCostAsync(
        Guid id, HttpContext http, ProjectService projects, BuildCostEstimator estimator, CancellationToken cancellationToken)
    {
        if (await projects.FindAsync(http.User.UserId(), id, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such project.");
        }

        return TypedResults.Ok(await estimator.GetAsync(id, cancellationToken));
    }

    private static async Task<Results<Ok<ContinueView>, ProblemHttpResult>> ContinueAsync(
        Guid id, HttpContext http, PausedBuilds pausedBuilds, CancellationToken cancellationToken)
    {
        var result = await pausedBuilds.ContinueAsync(http.User.UserId(), id, cancellationToken);
        return result.Status switch
        {
            ContinueStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
            ContinueStatus.NotPaused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not paused", detail: result.Message),
            ContinueStatus.NeedsCredits => TypedResults.Problem(statusCode: StatusCodes.Status402PaymentRequired, title: "Credits needed", detail: result.Message),
            _ => TypedResults.Ok(new ContinueView(id, ProjectStatus.Queued.ToApi(), result.Message, result.Spending?.CapCredits, result.Spending?.SpentCredits)),
        };
    }
}
