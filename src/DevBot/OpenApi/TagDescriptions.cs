using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

/// <summary>Gives each tag of the document its description from <see cref="ApiTags"/>, in that order.</summary>
internal sealed class TagDescriptions : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Tags is not { Count: > 0 } used)
        {
            return Task.CompletedTask;
        }

        var order = ApiTags.All.Select(t => t.Name).ToList();
        var described = ApiTags.All.ToDictionary(t => t.Name, t => t.Description, StringComparer.Ordinal);
        var tags = used.OrderBy(t => order.IndexOf(t.Name ?? string.Empty) is var i and >= 0 ? i : int.MaxValue).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        foreach (var tag in tags)
        {
            if (tag.Name is not null && described.TryGetValue(tag.Name, out var description))
            {
                tag.Description = description;
            }
        }

        document.Tags = new HashSet<OpenApiTag>(tags);
        return Task.CompletedTask;
    }
}
