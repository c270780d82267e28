using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

/// <summary>Declares the one way to authenticate: a DevBot API key as a bearer token.</summary>
internal sealed class ApiKeySecurityScheme : IOpenApiDocumentTransformer
{
    public const string Name = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "DevBot API key",
            Description = "`Authorization: Bearer <API key>`. Keys are printed once by `devbot users create` / `devbot users create-key` "
                + "or answered once by `POST /api/v1/me/keys`; each key may make RATE_LIMIT_PER_MINUTE requests a minute.",
        };
        return Task.CompletedTask;
    }
}
