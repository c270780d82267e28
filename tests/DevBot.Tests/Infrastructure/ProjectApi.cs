using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DevBot.Tests.Infrastructure;

/// <summary>The HTTP API as a client uses it: submit, wait for an end state, download.</summary>
public static class ProjectApi
{
    public static async Task<JsonElement> SubmitAsync(HttpClient http, string description = "A command line temperature converter in Python, with tests.", string? title = null)
    {
        var response = await http.PostAsJsonAsync("/api/v1/projects", new { description, title });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> GetAsync(HttpClient http, Guid id)
    {
        var response = await http.GetAsync($"/api/v1/projects/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls until the project reaches one of the statuses (or fails the test after the timeout).</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient http, Guid id, TimeSpan? timeout = null, params string[] statuses)
    {
        statuses = statuses.Length == 0 ? ["completed", "failed", "cancelled"] : statuses;
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var project = await GetAsync(http, id);
            if (statuses.Contains(project.GetProperty("status").GetString()))
            {
                return project;
            }

            try
            {
                await Task.Delay(100, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Project {id} did not reach [{string.Join(", ", statuses)}]; last seen: {project}");
            }
        }
    }

    /// <summary>Polls the project until <paramref name="condition"/> holds (or fails the test after the timeout).</summary>
    public static async Task<JsonElement> WaitUntilAsync(HttpClient http, Guid id, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var project = await GetAsync(http, id);
            if (condition(project))
            {
                return project;
            }

            try
            {
                await Task.Delay(100, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Project {id} never showed {what}; last seen: {project}");
            }
        }
    }

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();
}
