using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

/// <summary>
/// An operation with a request body can answer 400. Every error response an operation declares
/// (<c>.ProducesProblems(...)</c>, or added by another transformer) is RFC 7807 <c>application/problem+json</c> with the <c>ProblemDetails</c> schema, as DevBot answers every error.
/// A problem response keeps its own schema (a validation problem's), and a body of another shape stays (the health report).
/// </summary>
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public const string ContentType = "application/problem+json";
    private const string SchemaName = nameof(ProblemDetails);

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is not null)
        {
            // Reading the body can always fail: malformed JSON answers 400 before the handler runs.
            operation.Responses ??= [];
            operation.Responses.TryAdd("400", new OpenApiResponse { Description = "The request is not valid: a body that is not the JSON described, or a value the endpoint refuses." });
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (status.Length != 3 || status[0] is not ('4' or '5') || response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (concrete.Content is { Count: > 0 } declared && !declared.ContainsKey(ContentType))
            {
                // Declared with a body of another shape on purpose (the health report's 503).
                continue;
            }

            if (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhraseOf(status))
            {
                concrete.Description = ReasonPhraseOf(status) + " (details in the problem's title and detail).";
            }

            concrete.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            if (!concrete.Content.TryGetValue(ContentType, out var problem) || problem.Schema is null)
            {
                concrete.Content[ContentType] = new OpenApiMediaType { Schema = await ComponentSchemas.ReferenceAsync(context, typeof(ProblemDetails), SchemaName, cancellationToken) };
            }
        }
    }

    private static string ReasonPhraseOf(string status) =>
        ReasonPhrases.GetReasonPhrase(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
}
