using Microsoft.AspNetCore.Http.HttpResults;

namespace DevBot.Users;

public sealed record CreateApiKeyRequest(string? Label);

/// <summary>A new key as created: <see cref="Key"/> is shown this once and cannot be read again.</summary>
public sealed record NewApiKey(Guid Id, string Prefix, string? Label, DateTime CreatedAt, string Key);

public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/me/keys").RequireAuthorization().WithTags("Account");
        keys.MapGet("/", ListAsync).WithSummary("Your API keys, newest first (never the secrets): prefix, label, created, last used, revoked.");
        keys.MapPost("/", CreateAsync).WithSummary("A new API key for you; the key itself is in this answer only.");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithSummary("Revoke one of your API keys; requests with it are refused from now on.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListAsync(HttpContext http, ApiKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(http.User.UserId(), cancellationToken));

    private static async Task<Results<Created<NewApiKey>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest? request, HttpContext http, ApiKeys keys, CancellationToken cancellationToken)
    {
        if (ApiKeys.ValidateLabel(request?.Label) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid key label", detail: problem);
        }

        var userId = http.User.UserId();
        return await keys.IssueAsync(userId, request?.Label, Actor.Api(userId), cancellationToken) switch
        {
            IssuedApiKey issued => TypedResults.Created(
                $"/api/v1/me/keys/{issued.Key.Id}",
                new NewApiKey(issued.Key.Id, issued.Key.Prefix, issued.Key.Label, issued.Key.CreatedAt, issued.Secret)),
            TooManyApiKeys full => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many API keys",
                detail: $"You have {full.Active} active API keys, the most allowed; revoke one (DELETE /api/v1/me/keys/{{id}}) first."),
            var other => throw new InvalidOperationException($"Unexpected key issue {other}."),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, HttpContext http, ApiKeys keys, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId();
        return await keys.RevokeAsync(userId, id, Actor.Api(userId), cancellationToken) == KeyRevocation.NotFound
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "You have no API key with this id.")
            : TypedResults.NoContent();
    }
}
