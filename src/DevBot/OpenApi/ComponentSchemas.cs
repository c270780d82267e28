using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

internal static class ComponentSchemas
{
    /// <summary>A reference to the component schema <paramref name="name"/>, generated from <paramref name="type"/> when the document lacks it.</summary>
    public static async Task<IOpenApiSchema> ReferenceAsync(OpenApiOperationTransformerContext context, Type type, string name, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation is not being added to a document.");
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!document.Components.Schemas.ContainsKey(name))
        {
            document.Components.Schemas[name] = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        }

        return new OpenApiSchemaReference(name, document);
    }
}
