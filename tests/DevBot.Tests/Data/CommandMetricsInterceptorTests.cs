using DevBot.Data;

namespace DevBot.Tests.Data;

public sealed class CommandMetricsInterceptorTests
{
    [Theory]
    [InlineData("SELECT 1", "Select")]
    [InlineData("  \n\tselect * from jobs", "Select")]
    [InlineData("-- EF tag\nINSERT INTO projects VALUES (1)", "Insert")]
    [InlineData("/* comment */ UPDATE jobs SET status = 1", "Update")]
    [InlineData("/* a */ -- b\n DELETE FROM jobs", "Delete")]
    [InlineData("WITH q AS (SELECT 1) SELECT * FROM q", "Other")]
    [InlineData("PRAGMA journal_mode = WAL", "Other")]
    [InlineData("SELECTED", "Other")]
    [InlineData("", "Other")]
    [InlineData(null, "Other")]
    [InlineData("/* never closed SELECT", "Other")]
    public void A_command_is_labelled_by_its_first_keyword_after_whitespace_and_comments(string? sql, string expected) =>
        CommandMetricsInterceptor.StatementOf(sql).ToString().ShouldBe(expected);
}
