using System.Text.Json;
using System.Text.RegularExpressions;
using DevBot.Projects.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.OpenApi;

/// <summary>
/// The served document describes every endpoint the host maps, so generated clients can call all of them: each
/// with an operationId, the API key on every authenticated one (only the known anonymous ones go without), every
/// error as problem+json, every tag described, and every build event kind in the event stream's schema.
/// </summary>
public sealed partial class OpenApiDocumentTests(OpenApiDocumentHost served) : IClassFixture<OpenApiDocumentHost>
{
    /// <summary>The operations that take no API key, and why: probes, Prometheus, and callers that prove themselves otherwise.</summary>
    private static readonly string[] AnonymousOperations =
    [
        "GET /health/live", // probes
        "GET /health/ready",
        "GET /metrics", // Prometheus
        "POST /api/v1/telegram/webhook", // Telegram, with its secret token header
        "GET /api/v1/telegram/archives/{projectId}", // a signed, expiring link
        "POST /api/v1/billing/stripe/webhook", // Stripe, with its signature header
    ];

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private IEnumerable<(string Key, JsonElement Operation)> Operations() =>
        from path in served.Document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where HttpMethods.Contains(method.Name)
        select ($"{method.Name.ToUpperInvariant()} {path.Name}", method.Value);

    /// <summary>Every (method, route) the host maps, with its metadata, as the document names it (no constraints, no catch-all star, no trailing slash).</summary>
    private IEnumerable<(string Key, EndpointMetadataCollection Metadata)> MappedEndpoints() =>
        from endpoint in served.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
        from method in methods
        select ($"{method} {DocumentPath(endpoint.RoutePattern.RawText ?? string.Empty)}", endpoint.Metadata);

    private static string DocumentPath(string route)
    {
        var path = RouteParameter().Replace(route, "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [Fact]
    public void Every_mapped_endpoint_is_in_the_document_except_the_document_itself()
    {
        var documented = Operations().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        var missing = MappedEndpoints()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e => e.Key)
            .Where(key => !documented.Contains(key))
            .ToList();
        var excluded = MappedEndpoints()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            .Select(e => e.Key)
            .ToList();

        missing.ShouldBeEmpty();
        excluded.ShouldBe(["GET /openapi/{documentName}.json"]);
        documented.ShouldContain("POST /api/v1/projects");
        documented.ShouldContain("GET /api/v1/projects/{id}/events");
        documented.ShouldContain("POST /api/v1/telegram/webhook");
    }

    [Fact]
    public void Every_operation_has_a_unique_operation_id()
    {
        var operations = Operations().ToList();

        var withoutId = operations.Where(o => !o.Operation.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString())).Select(o => o.Key).ToList();
        var duplicated = operations.Where(o => o.Operation.TryGetProperty("operationId", out _))
            .GroupBy(o => o.Operation.GetProperty("operationId").GetString(), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Key))}")
            .ToList();

        withoutId.ShouldBeEmpty();
        duplicated.ShouldBeEmpty();
        operations.Count.ShouldBeGreaterThan(25);
    }

    [Fact]
    public void Every_authenticated_operation_requires_the_api_key_and_only_the_known_anonymous_ones_do_not()
    {
        var scheme = served.Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");

        var anonymous = new List<string>();
        foreach (var (key, operation) in Operations())
        {
            var requirements = operation.TryGetProperty("security", out var security) ? security.EnumerateArray().ToList() : [];
            if (requirements.Count == 0)
            {
                anonymous.Add(key);
                continue;
            }

            requirements.Single().EnumerateObject().Select(r => r.Name).ShouldBe(["ApiKey"], key);
            var responses = operation.GetProperty("responses");
            responses.TryGetProperty("401", out _).ShouldBeTrue($"{key} declares no 401");
            responses.TryGetProperty("429", out _).ShouldBeTrue($"{key} declares no 429");
        }

        anonymous.ShouldBe(AnonymousOperations, ignoreOrder: true);
    }

    [Fact]
    public void The_documented_security_matches_what_the_authorization_middleware_enforces()
    {
        var secured = Operations().ToDictionary(o => o.Key, o => o.Operation.TryGetProperty("security", out var s) && s.GetArrayLength() > 0, StringComparer.Ordinal);

        var mismatched = MappedEndpoints()
            .Where(e => secured.ContainsKey(e.Key))
            .Where(e => secured[e.Key] != (e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null))
            .Select(e => $"{e.Key}: documented {(secured[e.Key] ? "secured" : "anonymous")}")
            .ToList();

        mismatched.ShouldBeEmpty();
    }

    [Fact]
    public void Every_error_response_is_an_rfc_7807_problem_and_every_operation_declares_a_4xx_one()
    {
        var problems = new List<string>();
        foreach (var (key, operation) in Operations())
        {
            var errors = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5').ToList();
            // Probes and Prometheus read a health report or metrics, never a problem.
            if (key.StartsWith("GET /health/", StringComparison.Ordinal) || key == "GET /metrics")
            {
                continue;
            }

            if (errors.Count == 0)
            {
                problems.Add($"{key}: no error response");
            }

            foreach (var error in errors)
            {
                if (!error.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var media)
                    || !media.TryGetProperty("schema", out _))
                {
                    problems.Add($"{key} {error.Name}: not application/problem+json");
                }
            }
        }

        problems.ShouldBeEmpty();
        served.Document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).ShouldBe(["type", "title", "status", "detail", "instance"], ignoreOrder: true);
    }

    [Fact]
    public void Every_tag_is_described_and_every_operation_has_one()
    {
        var tags = served.Document.GetProperty("tags").EnumerateArray().ToList();
        var used = Operations().SelectMany(o => o.Operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString())).Distinct().ToList();

        tags.Where(t => !t.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString())).Select(t => t.GetProperty("name").GetString()).ShouldBeEmpty();
        used.ShouldBe(tags.Select(t => t.GetProperty("name").GetString()), ignoreOrder: true);
        Operations().Where(o => o.Operation.GetProperty("tags").GetArrayLength() == 0).Select(o => o.Key).ShouldBeEmpty();
    }

    [Fact]
    public void The_event_stream_is_described_by_its_payload_whose_build_event_maps_every_kind_by_its_type_discriminator()
    {
        var schemas = served.Document.GetProperty("components").GetProperty("schemas");
        var stream = served.Document.GetProperty("paths").GetProperty("/api/v1/projects/{id}/events").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/event-stream").GetProperty("schema");
        var payload = Resolve(schemas, stream);
        payload.GetProperty("properties").GetProperty("type").GetProperty("type").GetString().ShouldBe("string");
        var buildEvent = Resolve(schemas, payload.GetProperty("properties").GetProperty("data"));

        var discriminator = buildEvent.GetProperty("discriminator");
        discriminator.GetProperty("propertyName").GetString().ShouldBe("type");
        var mapping = discriminator.GetProperty("mapping").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString()!, StringComparer.Ordinal);
        mapping.Keys.ShouldBe(BuildEventJson.Kinds, ignoreOrder: true);
        buildEvent.GetProperty("anyOf").EnumerateArray().Select(s => s.GetProperty("$ref").GetString()).ShouldBe(mapping.Values, ignoreOrder: true);
        foreach (var (kind, reference) in mapping)
        {
            var derived = schemas.GetProperty(reference.Split('/')[^1]);
            derived.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldBe([kind], reference);
        }

        schemas.EnumerateObject().Select(s => s.Name).ShouldNotContain(name => name.StartsWith("SseItem", StringComparison.Ordinal));
    }

    [Fact]
    public void The_server_is_a_base_url_without_a_trailing_slash()
    {
        var server = served.Document.GetProperty("servers").EnumerateArray().Single().GetProperty("url").GetString();

        server.ShouldBe(served.Host.BaseAddress.AbsoluteUri.TrimEnd('/'));
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    [GeneratedRegex(@"\{\*?([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
