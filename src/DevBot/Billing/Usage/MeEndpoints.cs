using DevBot.OpenApi;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DevBot.Billing.Usage;

internal static class MeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").RequireAuthorization().WithApiTag(ApiTags.Account);
        me.MapGet("/", SummaryAsync).WithName("getAccount").ProducesProblems(StatusCodes.Status404NotFound).WithSummary("You: id, name, credit balance and usage totals.");
        me.MapGet("/usage", UsageAsync).WithName("listUsage").WithSummary("Your model calls, newest first: model, tokens, USD cost, credits, project.");
        me.MapGet("/transactions", TransactionsAsync).WithName("listTransactions").WithSummary("Your credit ledger, newest first.");
    }

    private static async Task<Results<Ok<AccountSummary>, ProblemHttpResult>> SummaryAsync(HttpContext http, UsageReports reports, CancellationToken cancellationToken)
    {
        var summary = await reports.SummaryAsync(http.User.UserId(), cancellationToken);
        return summary is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "Your user no longer exists.")
            : TypedResults.Ok(summary);
    }

    private static async Task<Ok<IReadOnlyList<UsageLine>>> UsageAsync(
        HttpContext http, UsageReports reports, int? limit, DateTime? before, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.CallsAsync(http.User.UserId(), limit ?? 50, before?.ToUniversalTime(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<TransactionLine>>> TransactionsAsync(
        HttpContext http, UsageReports reports, int? limit, DateTime? before, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.TransactionsAsync(http.User.UserId(), limit ?? 50, before?.ToUniversalTime(), cancellationToken));
}
