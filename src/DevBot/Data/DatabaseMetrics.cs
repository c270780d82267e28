using System.Diagnostics;
using System.Diagnostics.Metrics;
using DevBot.Observability;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DevBot.Data;

/// <summary>
/// Figures of the commands DevBot sends to its database, by provider, statement and outcome, and its errors by
/// code (a PostgreSQL SQLSTATE, an SQLite result code). Recorded by <see cref="CommandMetricsInterceptor"/> for every
/// command EF Core executes; the few raw ADO.NET commands on a borrowed connection are not counted.
/// </summary>
internal sealed class DatabaseMetrics
{
    // Most commands take well under a millisecond on SQLite and a few on PostgreSQL; lock waits take seconds.
    private static readonly double[] Buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly string _provider;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Histogram<long> _groupCommits;

    public DatabaseMetrics(IMeterFactory meterFactory, ResolvedDatabase database)
    {
        var meter = meterFactory.Create(DevBotMetrics.MeterName);
        _provider = MetricLabel.ValueOf(database.Provider);
        _commands = meter.CreateCounter<long>("devbot.db.commands", description: "Database commands, by provider, statement and outcome.");
        _duration = meter.CreateHistogram("devbot.db.command.duration", unit: "s", description: "Time a database command took until its first result, by provider and statement.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _groupCommits = meter.CreateHistogram("devbot.db.group_commit.writes", unit: "{write}", description: "Writes committed together in one transaction by the group commit (submissions).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
        _errors = meter.CreateCounter<long>("devbot.db.errors", description: "Database commands that failed, by provider and error code (PostgreSQL SQLSTATE, SQLite result code).");
    }

    public void Command(DbStatement statement, DbCommandOutcome outcome, TimeSpan duration)
    {
        var kind = MetricLabel.ValueOf(statement);
        _commands.Add(1, new TagList { { "provider", _provider }, { "statement", kind }, { "outcome", MetricLabel.ValueOf(outcome) } });
        _duration.Record(duration.TotalSeconds, new TagList { { "provider", _provider }, { "statement", kind } });
    }

    public void GroupCommitted(int writes) =>
        _groupCommits.Record(writes, new TagList { { "provider", _provider } });

    public void Error(Exception exception) =>
        _errors.Add(1, new TagList { { "provider", _provider }, { "code", CodeOf(exception) } });

    private static string CodeOf(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState,
        SqliteException sqlite => "sqlite_" + sqlite.SqliteErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timeout",
        NpgsqlException => "connection",
        _ => "other",
    };
}

/// <summary>The kind of statement a command starts with (its first keyword).</summary>
internal enum DbStatement
{
    Select,
    Insert,
    Update,
    Delete,
    Other,
}

internal enum DbCommandOutcome
{
    Succeeded,
    Failed,
    Cancelled,
}
