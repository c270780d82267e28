using System.Net;
using System.Text.Json;

namespace DevBot.Tests.Infrastructure;

/// <summary>Assertions on RFC 7807 answers, and addresses where nothing listens.</summary>
public static class HttpProblems
{
    /// <summary>Asserts an <c>application/problem+json</c> answer with the status, and returns its body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    /// <summary>An http URL on loopback whose port nobody listens on (and a path of its own, so no cache entry is shared).</summary>
    public static string ClosedLoopbackUrl() => $"http://127.0.0.1:{FreeTcpPort.Next()}/closed-{Guid.NewGuid():N}/v1";
}
