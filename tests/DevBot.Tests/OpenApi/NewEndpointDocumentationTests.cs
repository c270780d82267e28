using System.Net.Http.Json;
using System.Text.Json;
using DevBot.OpenApi;
using DevBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.OpenApi;

/// <summary>
/// An endpoint added later, with no OpenAPI metadata of its own beyond what it must say (authorization, its own
/// error statuses), is described completely by the transformers: operationId from its route, the API key, 401 and
/// 429, problem+json errors, 400 for its body.
/// </summary>
public sealed class NewEndpointDocumentationTests
{
    public sealed record WidgetRequest(string Name);

    [Fact]
    public async Task An_endpoint_without_a_name_or_documented_errors_gets_an_operation_id_the_api_key_and_problem_responses()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthorization();
        builder.Services.AddDevBotOpenApi();
        await using var app = builder.Build();
        app.MapOpenApi();
        app.MapGet("/api/v1/widgets/{id:guid}", (Guid id) => TypedResults.Ok(new WidgetRequest(id.ToString()))).RequireAuthorization()
            .ProducesProblems(StatusCodes.Status404NotFound);
        app.MapPost("/api/v1/widgets", (WidgetRequest widget) => TypedResults.Ok(widget)).RequireAuthorization();
        app.MapGet("/api/v1/widgets/open", () => TypedResults.Ok("open"));
        var baseUrl = await LoopbackServer.StartAsync(app);
        using var http = new HttpClient();

        var document = await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths");
        var get = paths.GetProperty("/api/v1/widgets/{id}").GetProperty("get");
        get.GetProperty("operationId").GetString().ShouldBe("getWidgetsById");
        get.GetProperty("security").EnumerateArray().Single().EnumerateObject().Single().Name.ShouldBe("ApiKey");
        get.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["200", "401", "404", "429"], ignoreOrder: true);
        foreach (var status in new[] { "401", "404", "429" })
        {
            get.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/problem+json")
                .GetProperty("schema").GetProperty("$ref").GetString().ShouldBe("#/components/schemas/ProblemDetails");
        }

        var post = paths.GetProperty("/api/v1/widgets").GetProperty("post");
        post.GetProperty("operationId").GetString().ShouldBe("postWidgets");
        post.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();

        var open = paths.GetProperty("/api/v1/widgets/open").GetProperty("get");
        open.GetProperty("operationId").GetString().ShouldBe("getWidgetsOpen");
        open.GetProperty("security").GetArrayLength().ShouldBe(0);
        document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _).ShouldBeTrue();
    }
}
