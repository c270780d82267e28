using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DevBot.Data;

/// <summary>Times every command EF Core executes (EF measures the duration itself) and counts failures.</summary>
internal sealed class CommandMetricsInterceptor(DatabaseMetrics metrics) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Succeeded(command, eventData);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Succeeded(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Succeeded(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Succeeded(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Succeeded(command, eventData);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Succeeded(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(command, eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(command, eventData);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) =>
        metrics.Command(StatementOf(command.CommandText), DbCommandOutcome.Cancelled, eventData.Duration);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        metrics.Command(StatementOf(command.CommandText), DbCommandOutcome.Cancelled, eventData.Duration);
        return Task.CompletedTask;
    }

    /// <summary>The statement a command starts with; leading whitespace and SQL comments are skipped.</summary>
    internal static DbStatement StatementOf(string? sql)
    {
        var text = sql.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--"))
            {
                var end = text.IndexOf('\n');
                text = end < 0 ? [] : text[(end + 1)..];
            }
            else if (text.StartsWith("/*"))
            {
                var end = text.IndexOf("*/");
                text = end < 0 ? [] : text[(end + 2)..];
            }
            else
            {
                break;
            }
        }

        var length = 0;
        while (length < text.Length && char.IsAsciiLetter(text[length]))
        {
            length++;
        }

        var keyword = text[..length];
        return keyword.Equals("SELECT", StringComparison.OrdinalIgnoreCase) ? DbStatement.Select
            : keyword.Equals("INSERT", StringComparison.OrdinalIgnoreCase) ? DbStatement.Insert
            : keyword.Equals("UPDATE", StringComparison.OrdinalIgnoreCase) ? DbStatement.Update
            : keyword.Equals("DELETE", StringComparison.OrdinalIgnoreCase) ? DbStatement.Delete
            : DbStatement.Other;
    }

    private void Succeeded(DbCommand command, CommandExecutedEventData eventData) =>
        metrics.Command(StatementOf(command.CommandText), DbCommandOutcome.Succeeded, eventData.Duration);

    private void Failed(DbCommand command, CommandErrorEventData eventData)
    {
        metrics.Command(StatementOf(command.CommandText), DbCommandOutcome.Failed, eventData.Duration);
        metrics.Error(eventData.Exception);
    }
}
