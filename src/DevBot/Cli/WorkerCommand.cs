using System.CommandLine;
using DevBot.Hosting;

namespace DevBot.Cli;

internal static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command("worker", "Run workers only (scale out: any number of worker processes on one PostgreSQL database).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var host = DevBotWorkerHost.Build([.. parse.UnmatchedTokens]);
            if (!await SandboxStartupCheck.MayStartAsync(host.Services))
            {
                return SandboxStartupCheck.ConfigurationError;
            }

            await host.MigrateIfConfiguredAsync(cancellationToken);
            await host.RunAsync();
            return 0;
        });
        return command;
    }
}
