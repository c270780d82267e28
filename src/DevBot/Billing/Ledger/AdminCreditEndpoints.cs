using DevBot.Billing.CostControl;
using DevBot.Shared;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DevBot.Billing.Ledger;

public sealed record AdminCreditRequest(decimal? Amount, string? Kind, string? Description);

public sealed record AdminCreditResult(Guid TransactionId, Guid UserId, string Kind, decimal Amount, decimal Balance, IReadOnlyList<Guid> ResumedProjects);

internal static class AdminCreditEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/admin/users/{userId:guid}/credits", AddAsync)
            .RequireAuthorization(UsersServiceCollectionExtensions.AdminPolicy).WithTags("Admin")
            .WithSummary("Grant, refund or adjust a user's credits (audited); builds waiting for credits resume.");
    }

    private static async Task<Results<Ok<AdminCreditResult>, ValidationProblem, ProblemHttpResult>> AddAsync(
        Guid userId, AdminCreditRequest request, HttpContext http, CreditLedger ledger, PausedBuilds pausedBuilds, CancellationToken cancellationToken)
    {
        var kind = (request.Kind ?? "grant").Trim().ToLowerInvariant() switch
        {
            "grant" => CreditTransactionKind.Grant,
            "refund" => CreditTransactionKind.Refund,
            "adjustment" => CreditTransactionKind.Adjustment,
            _ => (CreditTransactionKind?)null,
        };
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (kind is null)
        {
            errors["kind"] = ["Kind must be grant, refund or adjustment."];
        }

        if (request.Amount is not { } amount || !CreditLedger.IsValidChange(amount) || (kind == CreditTransactionKind.Grant && amount < 0))
        {
            errors["amount"] = ["Give a non-zero amount of credits (positive for a grant), at most 1,000,000,000, with at most 6 decimals."];
        }

        if (request.Description is { Length: > 500 })
        {
            errors["description"] = ["Keep the description under 500 characters."];
        }
        else if (request.Description is { } description && UserText.Problem(description, "description", multiline: true) is { } problem)
        {
            errors["description"] = [problem];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid credit change");
        }

        CreditTransaction row;
        try
        {
            row = await ledger.AddManualAsync(userId, kind!.Value, request.Amount!.Value, request.Description ?? string.Empty, Actor.Api(http.User.UserId()), cancellationToken);
        }
        catch (UnknownUserException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such user.");
        }

        var resumed = row.AmountMicros > 0 ? await pausedBuilds.ResumeAfterTopUpAsync(userId, cancellationToken) : [];
        var balance = await ledger.BalanceAsync(userId, cancellationToken);
        return TypedResults.Ok(new AdminCreditResult(row.Id, userId, row.Kind.ToString().ToLowerInvariant(), row.Amount, balance, resumed));
    }
}
