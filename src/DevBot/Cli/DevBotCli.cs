using System.CommandLine;
using DevBot.Hosting;

namespace DevBot.Cli;

/// <summary>The <c>devbot</c> command line: serve (default), worker, migrate, users, build, change, import, edits, pricing, ledger, audit.</summary>
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
        root.Subcommands.Add(ChangeCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(EditsCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        BillingCommands.AddTo(root);
        root.TreatUnmatchedTokensAsErrors = false;

        // No subcommand: serve, passing the arguments through (e.g. --urls).
        if (args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version"))
        {
            args = ["serve", .. args];
        }

        // Failures are ours to report: a setting's problem in its own words, anything else (a bug) in full.
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(invocation);
        }
        catch (Exception ex) when (StartupProblems.Describe(ex) is { } problem)
        {
            return await StartupFailure.ReportAsync(problem, ex);
        }
#pragma warning disable CA1031 // Anything else is a bug: shown whole, so that it can be reported and fixed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"DevBot failed unexpectedly (a bug; please report it with this text):{Environment.NewLine}{ex}");
            return 1;
        }
    }
}
