using System.Net;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Hosting;

/// <summary>RATE_LIMIT_PER_MINUTE: one window per API key on the authenticated API, through the real host.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Beyond_the_limit_a_key_gets_429_problem_json_with_retry_after_while_other_keys_and_anonymous_routes_go_on()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false,
            settings: new Dictionary<string, string?> { ["RATE_LIMIT_PER_MINUTE"] = "3" });
        var alice = await host.CreateUserAsync("alice");
        var bob = await host.CreateUserAsync("bob");
        using var anonymous = host.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            (await alice.Http.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await alice.Http.GetAsync("/api/v1/projects");
        var problem = await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString()!.ShouldContain("more than 3 requests in a minute");
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);

        (await bob.Http.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the limit is per key");
        for (var i = 0; i < 5; i++)
        {
            (await anonymous.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_limit_of_zero_turns_the_limiter_off()
    {
        await using var host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false,
            settings: new Dictionary<string, string?> { ["RATE_LIMIT_PER_MINUTE"] = "0" });
        var alice = await host.CreateUserAsync("alice");

        for (var i = 0; i < 30; i++)
        {
            (await alice.Http.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }
}
