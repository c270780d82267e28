using System.CommandLine;
using DevBot.Hosting;

namespace DevBot.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the HTTP API and the workers in one process (the default).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var app = DevBotWebApp.Build([.. parse.UnmatchedTokens]);
            if (!await SandboxStartupCheck.MayStartAsync(app.Services))
            {
                return SandboxStartupCheck.ConfigurationError;
            }

            await app.MigrateIfConfiguredAsync(cancellationToken);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
