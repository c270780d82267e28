using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Observability;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_endpoint_exposes_build_llm_review_http_and_queue_figures_in_prometheus_text_format()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await ProjectApi.WaitForStatusAsync(alice.Http, id)).GetProperty("status").GetString().ShouldBe("completed");

        using var anonymous = host.CreateClient();
        var text = await ScrapeUntilAsync(anonymous, "devbot_jobs{status=\"succeeded\"} 1");

        text.ShouldContain("# TYPE devbot_builds_finished_total counter");
        text.ShouldContain("devbot_builds_finished_total{outcome=\"completed\"} 1");
        text.ShouldContain("devbot_llm_calls_total{model=\"fake-model\",outcome=\"succeeded\",role=\"implementer\"} 4");
        text.ShouldContain("devbot_reviews_total{verdict=\"rejected\"} 1");
        text.ShouldContain("devbot_reviews_total{verdict=\"approved\"} 3");
        text.ShouldContain("# TYPE devbot_llm_call_duration_seconds histogram");
        text.ShouldContain("devbot_llm_call_duration_seconds_bucket{outcome=\"succeeded\",role=\"architect\",le=\"+Inf\"} 2");
        text.ShouldContain("# TYPE http_server_request_duration_seconds histogram");
        text.ShouldContain("devbot_jobs{status=\"queued\"} 0");
    }

    /// <summary>The worker marks the job done a moment after the project shows completed.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var response = await http.GetAsync("/metrics", timeout.Token);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
