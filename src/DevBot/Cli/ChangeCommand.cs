using System.CommandLine;
using DevBot.Hosting;
using DevBot.Projects;
using DevBot.Projects.Versions;
using Spectre.Console;

namespace DevBot.Cli;

/// <summary>
/// <c>devbot change PROJECT-ID "INSTRUCTION"</c>: a change of a delivered project, run here and now like
/// <c>devbot build</c>, writing the new version's ZIP and files. Exit codes as for build; 2 also when the project is
/// unknown to the user or busy.
/// </summary>
internal static class ChangeCommand
{
    public static Command Create()
    {
        var project = new Argument<Guid>("project-id") { Description = "The project to change (its id, as the API and 'devbot build' show it)." };
        var instruction = new Argument<string>("instruction") { Description = "What to change, in plain words." };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Where to write the new version's ZIP and unpacked project; the project's folder there is replaced.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var user = new Option<string?>("--user") { Description = $"The project's owner (default: '{BuildCommand.CliUserName}')." };
        var command = new Command("change", "Change a delivered project in plain words; it becomes the next version.") { project, instruction, output, user };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(project), parse.GetValue(instruction)!, parse.GetValue(output)!, parse.GetValue(user), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Guid projectId, string instruction, DirectoryInfo output, string? userName, CancellationToken cancellationToken)
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
        var (user, userProblem) = await BuildCommand.BuildingUserAsync(services.GetRequiredService<Users.UserAccounts>(), userName, cancellationToken);
        if (user is null)
        {
            return BuildCommand.Fail(userProblem!, 2);
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
                await services.GetRequiredService<ProjectService>().CancelAsync(user.Id, projectId, Users.Actor.CommandLine, CancellationToken.None);
                CliConsole.Error.MarkupLine("[yellow]Cancelled.[/]");
                return 130;
            }
            finally
            {
                BuildCommand.PrintHeld(logs, CliConsole.Error);
            }

            return await BuildCommand.FinishAsync(services, user, followed, output, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
