using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

/// <summary>
/// A Server-Sent Events endpoint (<c>TypedResults.ServerSentEvents</c> of <c>SseItem&lt;T&gt;</c>) is described by
/// what each event's <c>data:</c> line carries, <c>T</c> as JSON, rather than by the .NET wrapper type, which never
/// appears on the wire: the <c>event:</c> name and <c>id:</c> (the resume position for <c>Last-Event-ID</c>) are framing.
/// </summary>
internal sealed class EventStreamResponses : IOpenApiOperationTransformer
{
    public const string ContentType = "text/event-stream";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var responseType in context.Description.SupportedResponseTypes)
        {
            var status = responseType.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (responseType.Type is not { IsGenericType: true } type || type.GetGenericTypeDefinition() != typeof(SseItem<>)
                || operation.Responses is null || !operation.Responses.TryGetValue(status, out var declared) || declared is not OpenApiResponse response
                || response.Content is null || !response.Content.TryGetValue(ContentType, out var media))
            {
                continue;
            }

            var payload = type.GetGenericArguments()[0];
            if (media.Schema is OpenApiSchemaReference wrapper && wrapper.Reference.Id is { } wrapperName)
            {
                // Only event streams refer to the wrapper, and this rewrites each of them.
                context.Document?.Components?.Schemas?.Remove(wrapperName);
            }

            media.Schema = await ComponentSchemas.ReferenceAsync(context, payload, payload.Name, cancellationToken);
            response.Description = $"A stream of Server-Sent Events; each event's data is one {payload.Name} as JSON, its id the position to resume from with the Last-Event-ID header.";
        }
    }
}
