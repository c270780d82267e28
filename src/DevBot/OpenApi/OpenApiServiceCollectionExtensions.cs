namespace DevBot.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: Microsoft.AspNetCore.OpenApi describes every endpoint from its
/// own metadata (<c>.WithName</c>, <c>.WithTags</c>, <c>.WithSummary</c>, <c>.Produces*</c>, its typed results), and
/// the transformers here add what every endpoint shares, so an endpoint added later is described without more code:
/// the API-key scheme on every authenticated operation, problem+json on every error response, an operationId, tag
/// descriptions, and Server-Sent Events described by their payload.
/// </summary>
public static class OpenApiServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<DocumentInformation>();
            options.AddDocumentTransformer<ApiKeySecurityScheme>();
            options.AddDocumentTransformer<TagDescriptions>();
            options.AddOperationTransformer<OperationIds>();
            options.AddOperationTransformer<ApiKeySecurityRequirement>();
            options.AddOperationTransformer<EventStreamResponses>();
            // Last: it gives problem+json to every error response, those the transformers above added too.
            options.AddOperationTransformer<ProblemResponses>();
        });
        return services;
    }
}
