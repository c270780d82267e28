using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

/// <summary>The document's title and description, and its server as a base URL without a trailing slash (clients append paths that start with one).</summary>
internal sealed class DocumentInformation : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "DevBot API";
        document.Info.Version = "v1";
        document.Info.Description =
            "Describe a software project; DevBot plans, writes, reviews, tests and documents it and delivers it as a ZIP. "
            + "Authenticate with `Authorization: Bearer <API key>` (create one with `devbot users create` or `POST /api/v1/me/keys`). "
            + "Errors are RFC 7807 `application/problem+json`. Lists are paged with `limit` and the `nextCursor` of the previous page.";
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        return Task.CompletedTask;
    }
}
