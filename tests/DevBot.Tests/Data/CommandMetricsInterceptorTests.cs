using DevBot.Data;

namespace DevBot.Tests.Data;

public sealed class CommandMetricsInterceptorTests
{
    [Theory]
    [InlineData("SELECT 1", DbStatement.Select)]
    [InlineData("  \n\tselect * from jobs", DbStatement.Select)]
    [InlineData("-- EF tag\nINSERT INTO projects VALUES (1)", DbStatement.Insert)]
    [InlineData("/* comment */ UPDATE jobs SET status = 1", DbStatement.Update)]
    [InlineData("/* a */ -- b\n DELETE FROM jobs", DbStatement.Delete)]
    [InlineData("WITH q AS (SELECT 1) SELECT * FROM q", DbStatement.Other)]
    [InlineData("PRAGMA journal_mode = WAL", DbStatement.Other)]
    [InlineData("SELECTED", DbStatement.Other)]
    [InlineData("", DbStatement.Other)]
    [InlineData(null, DbStatement.Other)]
    [InlineData("/* never closed SELECT", DbStatement.Other)]
    public void A_command_is_labelled_by_its_first_keyword_after_whitespace_and_comments(string? sql, DbStatement expected) =>
        CommandMetricsInterceptor.StatementOf(sql).ShouldBe(expected);
}
