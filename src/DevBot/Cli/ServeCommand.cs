using System.CommandLine;
using DevBot.Hosting;

namespace DevBot.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        // Declared so that --help shows them; each is handed to ASP.NET Core as given, like any other --Key value pair.
        var urls = new Option<string?>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (default http://localhost:5000; also ASPNETCORE_URLS), e.g. http://0.0.0.0:8080.",
        };
        var environment = new Option<string?>("--environment")
        {
            Description = "Hosting environment (Production by default; also ASPNETCORE_ENVIRONMENT): picks appsettings.{environment}.json.",
        };
        var command = new Command(
            "serve",
            "Run the HTTP API and the workers in one process (the default). Any other --Key value pair sets that configuration key, "
            + "e.g. --Kestrel:Limits:MaxRequestBodySize 1048576 or --Logging:LogLevel:Default Debug.")
        {
            urls, environment,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string>();
            foreach (var (option, value) in new[] { (urls, parse.GetValue(urls)), (environment, parse.GetValue(environment)) })
            {
                if (value is not null)
                {
                    args.AddRange([option.Name, value]);
                }
            }

            args.AddRange(parse.UnmatchedTokens);
            var app = DevBotWebApp.Build([.. args]);
            if (!await SandboxStartupCheck.MayStartAsync(app.Services))
            {
                return SandboxStartupCheck.ConfigurationError;
            }

            await app.MigrateIfConfiguredAsync(cancellationToken);
            await app.RunUntilShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
