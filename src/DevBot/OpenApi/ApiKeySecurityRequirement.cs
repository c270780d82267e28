using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

/// <summary>
/// Every operation that requires authorization (<c>RequireAuthorization</c>, not <c>AllowAnonymous</c>) needs the
/// API key, can answer 401 without one, 403 when it asks for a policy (admin) and 429 beyond the key's rate limit.
/// Anonymous operations say so with an empty requirement list.
/// </summary>
internal sealed class ApiKeySecurityRequirement : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!RequiresApiKey(metadata))
        {
            operation.Security = [];
            return Task.CompletedTask;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySecurityScheme.Name, context.Document)] = [] }];
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or one that is unknown or revoked." });
        if (metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
        {
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The API key's user may not do this (it needs an administrator)." });
        }

        operation.Responses.TryAdd("429", new OpenApiResponse { Description = "The API key made more than RATE_LIMIT_PER_MINUTE requests this minute; see Retry-After." });
        return Task.CompletedTask;
    }

    /// <summary>The same rule the authorization middleware applies: any authorize data, unless the endpoint allows anonymous callers.</summary>
    public static bool RequiresApiKey(IEnumerable<object> endpointMetadata)
    {
        var metadata = endpointMetadata as IReadOnlyCollection<object> ?? endpointMetadata.ToList();
        return metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
    }
}
