using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DevBot.OpenApi;

/// <summary>
/// An operation without a name (<c>.WithName</c>) gets one from its method and route, so generated clients always have
/// a method to call: <c>GET /api/v1/projects/{id}/archive</c> becomes <c>getProjectsByIdArchive</c>. Endpoints
/// should still name themselves; this keeps a forgotten name from breaking clients.
/// </summary>
internal sealed class OperationIds : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(operation.OperationId))
        {
            operation.OperationId = FromRoute(context.Description.HttpMethod ?? "get", context.Description.RelativePath ?? string.Empty);
        }

        return Task.CompletedTask;
    }

    /// <summary>The method in lower case, then each route segment in PascalCase (<c>{id}</c> as <c>ById</c>), leaving out <c>api</c> and the version.</summary>
    public static string FromRoute(string httpMethod, string relativePath)
    {
        var name = new StringBuilder(httpMethod.ToLowerInvariant());
        var segments = relativePath.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (segment == "api" || (segment.Length > 1 && segment[0] == 'v' && segment[1..].All(char.IsAsciiDigit)))
            {
                continue;
            }

            var parameter = segment.StartsWith('{');
            if (parameter)
            {
                name.Append("By");
            }

            foreach (var word in segment.Trim('{', '}', '*').Split(':')[0].Split('-', '_', '.'))
            {
                if (word.Length > 0)
                {
                    name.Append(char.ToUpper(word[0], CultureInfo.InvariantCulture)).Append(word.AsSpan(1));
                }
            }
        }

        return name.ToString();
    }
}
