using System.CommandLine;
using DevBot.Hosting;
using DevBot.Projects;
using DevBot.Projects.Imports;
using DevBot.Projects.Versions;
using DevBot.Users;
using Spectre.Console;

namespace DevBot.Cli;

/// <summary>
/// <c>devbot change PROJECT-ID "INSTRUCTION"</c>: a change of a delivered project, run here and now like
/// <c>devbot build</c>, writing the new version's ZIP and files. <c>devbot change --dir DIR "INSTRUCTION"</c>: the
/// folder is imported as a project, changed, and the change written back into it (files edited there meanwhile are
/// left alone and named). Exit codes as for build; 1 also when a write-back left a file alone; 2 when the project is
/// unknown to the user or busy, or the folder cannot be imported.
/// </summary>
internal static class ChangeCommand
{
    public static Command Create()
    {
        var first = new Argument<string>("project-id") { Description = "The project to change (its id, as the API and 'devbot build' show it); left out with --dir." };
        var second = new Argument<string?>("instruction") { Description = "What to change, in plain words.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Where to write the new version's ZIP and unpacked project; the project's folder there is replaced.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var folder = new Option<DirectoryInfo?>("--dir") { Description = "Change the code in this folder: it is imported, changed, and the change written back into it." };
        var user = new Option<string?>("--user") { Description = $"The project's owner (default: '{BuildCommand.CliUserName}')." };
        var command = new Command("change", "Change a delivered project (or a folder of your code) in plain words; it becomes the next version.")
        {
            first, second, output, folder, user,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var (positional, instruction, dir) = (parse.GetValue(first)!, parse.GetValue(second), parse.GetValue(folder));
            if (dir is not null)
            {
                return instruction is null
                    ? RunOnFolderAsync(dir, positional, parse.GetValue(user), cancellationToken)
                    : Task.FromResult(BuildCommand.Fail("With --dir, give only the instruction (the folder takes the project id's place).", 2));
            }

            if (instruction is null)
            {
                return Task.FromResult(BuildCommand.Fail("Give the project id and the instruction, or --dir DIR and the instruction.", 2));
            }

            return Guid.TryParse(positional, out var projectId)
                ? RunOnProjectAsync(projectId, instruction, output: parse.GetValue(output)!, parse.GetValue(user), cancellationToken)
                : Task.FromResult(BuildCommand.Fail($"'{positional}' is not a project id (they look like 0196c0de-…); to change a folder use --dir.", 2));
        });
        return command;
    }

    private static Task<int> RunOnProjectAsync(Guid projectId, string instruction, DirectoryInfo output, string? userName, CancellationToken cancellationToken) =>
        RunAsync(instruction, userName, (services, user, _) => Task.FromResult<ChangeTarget?>(
            new(projectId, (followed, token) => BuildCommand.FinishAsync(services, user, followed, output, token))), cancellationToken);

    private static async Task<int> RunOnFolderAsync(DirectoryInfo folder, string instruction, string? userName, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            return BuildCommand.Fail($"There is no folder '{folder.FullName}'.", 2);
        }

        using var zipped = FolderZip.Create(folder);
        return await RunAsync(instruction, userName, async (services, user, token) =>
        {
            var outcome = await services.GetRequiredService<ProjectImporter>().ImportAsync(user.Id, zipped.Zip, folder.Name + ".zip", folder.Name, token);
            if (outcome is not ImportOutcome.Imported { Project: var imported })
            {
                BuildCommand.Fail(((ImportOutcome.Refused)outcome).Reason, 2);
                return null;
            }

            CliConsole.Out.MarkupLineInterpolated($"[grey]Imported {folder.FullName} as project {imported.Project.Id} (version 1).[/]");
            return new ChangeTarget(imported.Project.Id, (followed, finishToken) => BuildCommand.FinishAsync(services, user, followed,
                (project, deliverToken) => WriteBackAsync(services, project, folder, imported.WrapperFolder, zipped.Sha256ByPath, deliverToken), finishToken));
        }, cancellationToken);
    }

    /// <summary>The project to change, and how to finish once its change has been followed.</summary>
    private sealed record ChangeTarget(Guid ProjectId, Func<BuildCommand.Followed, CancellationToken, Task<int>> FinishAsync);

    /// <summary>Chooses the project to change; null when it cannot (the sentence already said why).</summary>
    private delegate Task<ChangeTarget?> TargetChoice(IServiceProvider services, User user, CancellationToken cancellationToken);

    private static async Task<int> RunAsync(string instruction, string? userName, TargetChoice chooseAsync, CancellationToken cancellationToken)
    {
        if (ProjectChanges.ValidateInstruction(instruction) is { } problem)
        {
            return BuildCommand.Fail(problem, 2);
        }

        var logs = new HeldLogs();
        using var host = logs.WorkerHost();
        await host.MigrateIfConfiguredAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var (user, userProblem) = await BuildCommand.BuildingUserAsync(services.GetRequiredService<UserAccounts>(), userName, cancellationToken);
        if (user is null)
        {
            return BuildCommand.Fail(userProblem!, 2);
        }

        if (await chooseAsync(services, user, cancellationToken) is not { ProjectId: var projectId } target)
        {
            return 2;
        }

        await host.StartAsync(cancellationToken);
        try
        {
            switch (await services.GetRequiredService<ProjectChanges>().RequestChangeAsync(user.Id, projectId, instruction, null, cancellationToken))
            {
                case VersionRequest.Queued { Version: var queued }:
                    CliConsole.Out.MarkupLineInterpolated($"[grey]Version {queued.Version} of project {projectId} queued (#{queued.QueuePosition} in line).[/]");
                    break;
                default:
                    throw new InvalidOperationException("Unknown version request outcome.");
                case VersionRequest.NotFound:
                    return BuildCommand.Fail($"User '{user.Name}' has no project {projectId}.", 2);
                case VersionRequest.Invalid invalid:
                    return BuildCommand.Fail(invalid.Reason, 2);
                case VersionRequest.Conflict conflict:
                    return BuildCommand.Fail(conflict.Reason, 2);
                case VersionRequest.QueueFull full:
                    return BuildCommand.Fail(full.Limit.Message, 2);
            }

            // Followed from the change's own "queued" event: the earlier versions' ends are not this one's.
            var after = await services.GetRequiredService<ProjectEventLog>().BeforeLatestStartAsync(projectId, cancellationToken);
            BuildCommand.Followed followed;
            try
            {
                followed = await BuildCommand.FollowAsync(host.Services, logs, projectId, cancellationToken, after);
            }
            catch (OperationCanceledException)
            {
                await services.GetRequiredService<ProjectService>().CancelAsync(user.Id, projectId, Actor.CommandLine, CancellationToken.None);
                CliConsole.Error.MarkupLine("[yellow]Cancelled.[/]");
                return 130;
            }
            finally
            {
                BuildCommand.PrintHeld(logs, CliConsole.Error);
            }

            return await target.FinishAsync(followed, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Writes what the change changed (version 1 → the delivered version) back into the folder; 1 when a file was left alone.</summary>
    private static async Task<int> WriteBackAsync(
        IServiceProvider services, Project project, DirectoryInfo folder, string? projectRoot, IReadOnlyDictionary<string, string> imported, CancellationToken cancellationToken)
    {
        var (text, binary, removed) = await services.GetRequiredService<ProjectHistory>().ChangesBetweenAsync(project.Id, 1, project.Version, cancellationToken);
        var changed = text.ToDictionary(f => f.Key, f => FileContent.Bytes(f.Value), StringComparer.Ordinal);
        foreach (var (path, content) in binary)
        {
            changed[path] = content;
        }

        var report = await FolderWriteBack.ApplyAsync(folder, projectRoot, imported, changed, removed, cancellationToken);
        CliConsole.Out.MarkupLineInterpolated(
            $"Wrote the change into [bold]{folder.FullName}[/]: {report.Written.Count} files written, {report.Removed.Count} removed (project {project.Id}, version {project.Version}).");
        foreach (var (path, why) in report.LeftAlone)
        {
            CliConsole.Error.MarkupLineInterpolated($"[yellow]Left {path} as it is: {why}. Its new content is in version {project.Version} of project {project.Id}.[/]");
        }

        return report.LeftAlone.Count == 0 ? 0 : 1;
    }
}
