using System.CommandLine;
using DevBot.Hosting;

namespace DevBot.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations and exit.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var applied = await host.MigrateAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        });
        return command;
    }
}
