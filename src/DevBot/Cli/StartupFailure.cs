using DevBot.Hosting;

namespace DevBot.Cli;

/// <summary>
/// A command that could not start because of a setting or its surroundings ends here: its sentences on stderr, the
/// exception at the Debug log level (shown with <c>Logging__LogLevel__Default=Debug</c>), exit code 2.
/// </summary>
internal static class StartupFailure
{
    public const int ExitCode = 2;

    public static async Task<int> ReportAsync(string problem, Exception exception)
    {
        await Console.Error.WriteLineAsync(problem);
        using (var logs = LoggerFactory.Create(logging => logging.AddConfiguration(LoggingConfiguration()).AddConsole()))
        {
            logs.CreateLogger("DevBot.Startup").LogDebug(exception, "Start-up failed: {Problem}", problem);
        }

        return ExitCode;
    }

    // The hosts read the same files and variables; the one that failed may not even have been built.
    private static IConfigurationSection LoggingConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build()
        .GetSection("Logging");
}
