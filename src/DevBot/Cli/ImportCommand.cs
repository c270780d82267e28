using System.CommandLine;
using DevBot.Hosting;
using DevBot.Projects.Imports;
using Spectre.Console;

namespace DevBot.Cli;

/// <summary>
/// <c>devbot import DIR|ZIP</c>: brings a folder (zipped here, its <c>.git</c> left out) or a ZIP in as a project at
/// version 1, ready for <c>devbot change</c>. Exit codes: 0 imported; 2 refused (the sentence names the entry) or a
/// mistake in the command.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "A folder or a .zip file with the project's code." };
        var title = new Option<string?>("--title") { Description = "The project's title (default: the folder's or the ZIP's name)." };
        var user = new Option<string?>("--user") { Description = $"The user who owns the project (default: '{BuildCommand.CliUserName}')." };
        var command = new Command("import", "Import your own code as a project (version 1), ready for changes.") { source, title, user };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(source)!, parse.GetValue(title), parse.GetValue(user), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string source, string? title, string? userName, CancellationToken cancellationToken)
    {
        MemoryStream zip;
        string name;
        if (Directory.Exists(source))
        {
            var folder = new DirectoryInfo(source);
            name = folder.Name + ".zip";
            zip = FolderZip.Create(folder).Zip;
        }
        else if (File.Exists(source))
        {
            name = Path.GetFileName(source);
            zip = new MemoryStream(await File.ReadAllBytesAsync(source, cancellationToken));
        }
        else
        {
            return BuildCommand.Fail($"There is no folder or file '{source}'.", 2);
        }

        using var host = DevBotWorkerHost.Build([], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await host.MigrateIfConfiguredAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var (user, userProblem) = await BuildCommand.BuildingUserAsync(services.GetRequiredService<Users.UserAccounts>(), userName, cancellationToken);
        if (user is null)
        {
            return BuildCommand.Fail(userProblem!, 2);
        }

        await using (zip)
        {
            switch (await services.GetRequiredService<ProjectImporter>().ImportAsync(user.Id, zip, name, title, cancellationToken))
            {
                case ImportOutcome.Imported { Project: var imported }:
                    CliConsole.Out.MarkupLineInterpolated(
                        $"Imported [bold]{imported.Project.Title}[/]: {imported.TextFiles + imported.BinaryFiles} files ({imported.BinaryFiles} binary), version 1.");
                    CliConsole.Out.WriteLine(imported.Project.Id.ToString());
                    return 0;
                case ImportOutcome.Refused refused:
                    return BuildCommand.Fail(refused.Reason, 2);
                default:
                    throw new InvalidOperationException("Unknown import outcome.");
            }
        }
    }
}
