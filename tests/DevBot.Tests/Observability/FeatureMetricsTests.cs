using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Observability;

/// <summary>After one real build, /metrics shows what the database, the sandbox and retrieval did, on both databases.</summary>
public sealed class FeatureMetricsTests(PostgresServer postgres)
{
    [Fact]
    public Task A_build_on_sqlite_shows_database_sandbox_and_retrieval_figures() => BuildAndCheckAsync(databaseUrl: null, "sqlite");

    [Fact]
    public async Task A_build_on_postgres_shows_database_sandbox_and_retrieval_figures() =>
        await BuildAndCheckAsync(await postgres.CreateDatabaseAsync(), "postgres");

    private static async Task BuildAndCheckAsync(string? databaseUrl, string provider)
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, databaseUrl);
        var alice = await host.CreateUserAsync();
        var id = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        (await ProjectApi.WaitForStatusAsync(alice.Http, id)).GetProperty("status").GetString().ShouldBe("completed");

        using var anonymous = host.CreateClient();
        var text = await MetricsScrape.UntilAsync(anonymous, t => MetricsScrape.Sum(t, "devbot_jobs", ("status", "succeeded")) == 1, "the finished job");
        var families = MetricsScrape.Families(text);

        // Database: every EF command timed, by provider and statement; none failed in a clean build.
        families["devbot_db_command_duration_seconds"].ShouldBe("histogram");
        MetricsScrape.Sum(text, "devbot_db_commands_total", ("provider", provider), ("statement", "insert"), ("outcome", "succeeded")).ShouldBeGreaterThan(0);
        MetricsScrape.Sum(text, "devbot_db_commands_total", ("provider", provider), ("statement", "select")).ShouldBeGreaterThan(0);
        MetricsScrape.Sum(text, "devbot_db_commands_total", ("outcome", "failed")).ShouldBe(0);
        MetricsScrape.Sum(text, "devbot_db_command_duration_seconds_count", ("provider", provider))
            .ShouldBe(MetricsScrape.Sum(text, "devbot_db_commands_total", ("provider", provider)));

        // The submission went through the group commit: one transaction, one write in it.
        families["devbot_db_group_commit_writes"].ShouldBe("histogram");
        MetricsScrape.Sum(text, "devbot_db_group_commit_writes_sum", ("provider", provider)).ShouldBe(1);

        // Sandbox: the mode this process runs generated code in, and every run by kind and outcome.
        MetricsScrape.Samples(text, "devbot_sandbox_mode").Sum(s => s.Value).ShouldBe(1, "exactly one mode is the chosen one");
        var mode = MetricsScrape.Samples(text, "devbot_sandbox_mode").Single(s => s.Value == 1).Labels["mode"];
        if (mode != "off")
        {
            MetricsScrape.Sum(text, "devbot_sandbox_runs_total", ("kind", "static_check")).ShouldBeGreaterThan(0);
            MetricsScrape.Sum(text, "devbot_sandbox_run_duration_seconds_count").ShouldBe(MetricsScrape.Sum(text, "devbot_sandbox_runs_total"));
        }

        // Retrieval: searches timed, indexing timed, and the index's size read from the database.
        MetricsScrape.Sum(text, "devbot_retrieval_search_duration_seconds_count").ShouldBeGreaterThan(0);
        MetricsScrape.Sum(text, "devbot_retrieval_index_duration_seconds_count").ShouldBeGreaterThan(0);
        MetricsScrape.Sum(text, "devbot_retrieval_files_indexed_total").ShouldBeGreaterThanOrEqualTo(3);
        MetricsScrape.Sum(text, "devbot_retrieval_index_entries", ("kind", "files")).ShouldBe(5, "three task files, PLAN.md and the README");
        MetricsScrape.Sum(text, "devbot_retrieval_index_entries", ("kind", "chunks")).ShouldBeGreaterThan(0);

        // Queue gauges.
        MetricsScrape.Sum(text, "devbot_jobs_oldest_queued_seconds").ShouldBe(0, "nothing waits");
    }
}
