using System.CommandLine;

namespace DevBot.Cli;

/// <summary>The <c>devbot</c> command line: serve (default), worker, migrate, users, build, audit.</summary>
public static class DevBotCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("DevBot: describe a project, get working code as a ZIP.");
        var serve = ServeCommand.Create();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(BuildCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        BillingCommands.AddTo(root);
        root.TreatUnmatchedTokensAsErrors = false;

        // No subcommand: serve, passing the arguments through (e.g. --urls).
        if (args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version"))
        {
            args = ["serve", .. args];
        }

        return await root.Parse(args).InvokeAsync();
    }
}
