using System.Collections.Concurrent;
using DevBot.Hosting;

namespace DevBot.Cli;

/// <summary>
/// The log of a command with a live display (<c>devbot build</c>): warnings and errors are held here, one line each
/// (no stack trace), and printed by the display's own loop between its updates, so no log line cuts into it.
/// </summary>
internal sealed class HeldLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public ILogger CreateLogger(string categoryName) => new HeldLogger(this);

    /// <summary>A worker host (the pipeline in this process) whose log goes only here, without the host's own status lines.</summary>
    public IHost WorkerHost() => DevBotWorkerHost.Build([], builder =>
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(this);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
    });

    /// <summary>Everything logged since the last call, oldest first.</summary>
    public IReadOnlyList<(LogLevel Level, string Text)> Drain()
    {
        var drained = new List<(LogLevel, string)>();
        while (_lines.TryDequeue(out var line))
        {
            drained.Add(line);
        }

        return drained;
    }

    public void Dispose()
    {
    }

    private sealed class HeldLogger(HeldLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = formatter(state, exception);
            if (exception is not null && !text.Contains(exception.Message, StringComparison.Ordinal))
            {
                text += $" ({exception.Message})";
            }

            owner._lines.Enqueue((logLevel, text.ReplaceLineEndings(" ")));
        }
    }
}
