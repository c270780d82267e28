using System.CommandLine;
using System.IO.Compression;
using DevBot.Audit;
using DevBot.Billing;
using DevBot.Billing.Ledger;
using DevBot.Hosting;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using DevBot.Storage;
using DevBot.Users;
using Spectre.Console;

namespace DevBot.Cli;

/// <summary><c>devbot build "DESCRIPTION"</c>: the whole pipeline in this process, with live progress, writing the ZIP and the files.</summary>
/// <remarks>
/// Exit codes: 0 delivered; 1 the build failed; 2 a mistake in the command or a setting (including a model endpoint
/// that cannot be reached); 3 paused, waiting for credits; 130 interrupted.
/// </remarks>
internal static class BuildCommand
{
    public const string CliUserName = "cli";

    public static Command Create()
    {
        var description = new Argument<string>("description") { Description = "What to build, in plain words." };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Where to write the ZIP and the unpacked project; the project's folder there is replaced, not merged into.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var title = new Option<string?>("--title") { Description = "The project's title (default: the architect's)." };
        var stack = new Option<string?>("--stack") { Description = "Language or stack, e.g. Python (default: the architect decides)." };
        var user = new Option<string?>("--user") { Description = $"The user whose account builds and pays (default: '{CliUserName}', created when missing)." };
        var command = new Command("build", "Build a project from a description, here and now.") { description, output, title, stack, user };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new BuildRequest(parse.GetValue(description)!, parse.GetValue(output)!, parse.GetValue(title), parse.GetValue(stack), parse.GetValue(user)),
            cancellationToken));
        return command;
    }

    private sealed record BuildRequest(string Description, DirectoryInfo Output, string? Title, string? Stack, string? UserName);

    private static async Task<int> RunAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        if (ProjectService.Validate(request.Description, request.Title, request.Stack) is { } problem)
        {
            return Fail(problem, 2);
        }

        // Logs are held while the live display runs and printed between its updates, never across it.
        var logs = new HeldLogs();
        using var host = logs.WorkerHost();
        await host.MigrateIfConfiguredAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var (user, userProblem) = await BuildingUserAsync(services.GetRequiredService<UserAccounts>(), request.UserName, cancellationToken);
        if (user is null)
        {
            return Fail(userProblem!, 2);
        }

        await host.StartAsync(cancellationToken);
        try
        {
            var projects = services.GetRequiredService<ProjectService>();
            var outcome = await projects.SubmitAsync(user.Id, request.Description, request.Title, request.Stack, Actor.CommandLine, cancellationToken);
            if (outcome is QueueLimitReached full)
            {
                return Fail(full.Message, 2);
            }

            var submitted = (SubmittedProject)outcome;
            CliConsole.Out.MarkupLineInterpolated($"[grey]Project {submitted.Project.Id} queued (#{submitted.QueuePosition} in line) for user '{user.Name}'.[/]");

            Followed followed;
            try
            {
                followed = await FollowAsync(host.Services, logs, submitted.Project.Id, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await projects.CancelAsync(user.Id, submitted.Project.Id, Actor.CommandLine, CancellationToken.None);
                CliConsole.Error.MarkupLine("[yellow]Cancelled.[/]");
                return 130;
            }
            finally
            {
                PrintHeld(logs, CliConsole.Error);
            }

            return await FinishAsync(services, user, followed, request.Output, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    internal static Task<int> FinishAsync(IServiceProvider services, User user, Followed followed, DirectoryInfo output, CancellationToken cancellationToken) =>
        FinishAsync(services, user, followed, async (project, token) =>
        {
            var written = await WriteOutputAsync(services, project, output, token);
            CliConsole.Out.MarkupLineInterpolated($"Wrote [bold]{written.Zip}[/] and [bold]{written.Folder}[/]");
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Ends a followed build or change: the sentence and exit code of a build that did not complete, or, for a completed
    /// one, <paramref name="deliverAsync"/> (which writes the result where the command promised and gives the exit
    /// code) and what it cost.
    /// </summary>
    internal static async Task<int> FinishAsync(
        IServiceProvider services, User user, Followed followed, Func<Project, CancellationToken, Task<int>> deliverAsync, CancellationToken cancellationToken)
    {
        var finished = followed.Project;
        if (followed.Unreachable is { } unreachable)
        {
            // Waiting would only repeat the same failure: the endpoint is a setting to fix, not a busy server.
            await CancelWaitingBuildAsync(services, user.Id, finished.Id);
            return Fail(unreachable.Reason, 2);
        }

        if (finished.Status == ProjectStatus.AwaitingCredits)
        {
            return Fail(
                $"The build is paused, waiting for credits. It resumes where it stopped after 'devbot ledger grant --user {user.Id}' or POST /api/v1/projects/{finished.Id}/continue.",
                3);
        }

        if (finished.Status != ProjectStatus.Completed)
        {
            return Fail($"Build {finished.Status.ToApi()}: {finished.Error ?? "no reason recorded"}", 1);
        }

        var exitCode = await deliverAsync(finished, cancellationToken);
        var spent = await services.GetRequiredService<IBuildCostReader>().GetAsync(finished.Id, cancellationToken);
        var balance = await services.GetRequiredService<CreditLedger>().BalanceAsync(user.Id, cancellationToken);
        CliConsole.Out.MarkupLineInterpolated(
            $"Spent {CreditFormat.Show(spent.SpentCredits)} credits ({spent.PromptTokens + spent.CompletionTokens} tokens); '{user.Name}' has {CreditFormat.Show(balance)} credits left.");
        return exitCode;
    }

    /// <summary>
    /// Cancels a build whose job the worker is about to put back in line: the retry event is committed just before the
    /// job is released, so for a moment the job still runs and a cancel would only be requested. Asking again once it
    /// waits cancels it outright, so no later worker picks it up.
    /// </summary>
    private static async Task CancelWaitingBuildAsync(IServiceProvider services, Guid userId, Guid projectId)
    {
        var time = services.GetRequiredService<TimeProvider>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<ProjectService>().CancelAsync(userId, projectId, Actor.CommandLine, CancellationToken.None)
                is not CancelResult.CancelRequested)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time);
        }
    }

    /// <summary>
    /// The named user, or (without a name) the <c>cli</c> user, created on first use. A name is not unique: an unknown
    /// or shared name is a mistake in the command, answered with one sentence.
    /// </summary>
    internal static async Task<(User? User, string? Problem)> BuildingUserAsync(UserAccounts accounts, string? name, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            var named = await accounts.FindByNameAsync(name.Trim(), cancellationToken);
            return named.Count switch
            {
                1 => (named[0], null),
                0 => (null, $"There is no user named '{name.Trim()}': create it with 'devbot users create --name {name.Trim()}', or leave out --user to build as '{CliUserName}'."),
                _ => (null, $"{named.Count} users are named '{name.Trim()}': see 'devbot users list' and rename or remove all but one."),
            };
        }

        var cli = await accounts.FindByNameAsync(CliUserName, cancellationToken);
        return (cli.Count > 0 ? cli[0] : (await accounts.CreateAsync(CliUserName, isAdmin: false, Actor.CommandLine, cancellationToken)).User, null);
    }

    /// <summary>How following a build ended: its state, and the failure when the model endpoint could not be reached.</summary>
    internal sealed record Followed(Project Project, BuildRetrying? Unreachable);

    /// <summary>Prints each event as it is committed (and the held log lines), until the build ends or cannot go on.</summary>
    /// <param name="after">The event to follow from (0: the project's first; a change starts after its project's earlier versions).</param>
    internal static async Task<Followed> FollowAsync(IServiceProvider services, HeldLogs logs, Guid projectId, CancellationToken cancellationToken, long after = 0)
    {
        var signal = services.GetRequiredService<ProjectEventSignal>();
        var time = services.GetRequiredService<TimeProvider>();
        Followed? followed = null;
        await CliConsole.Out.Status().Spinner(Spinner.Known.Dots).StartAsync("Queued", async status =>
        {
            while (true)
            {
                await using var scope = services.CreateAsyncScope();
                var events = await scope.ServiceProvider.GetRequiredService<ProjectEventLog>().ReadAsync(projectId, after, 100, cancellationToken);
                PrintHeld(logs, CliConsole.Out);
                BuildRetrying? unreachable = null;
                foreach (var item in events)
                {
                    after = item.Id;
                    var (line, state) = Describe(item.Event);
                    if (line is not null)
                    {
                        CliConsole.Out.MarkupLine(line);
                    }

                    status.Status(state ?? item.Kind);
                    unreachable = item.Event is BuildRetrying { Cause: RetryCause.ModelUnreachable } retrying ? retrying : unreachable;
                }

                var project = await scope.ServiceProvider.GetRequiredService<ProjectQueries>().FindAnyAsync(projectId, cancellationToken)
                    ?? throw new InvalidOperationException("The project disappeared.");

                // A paused build waits for credits or a "continue" that this process cannot give: stop following it.
                if (project.Status.IsTerminal() || project.Status == ProjectStatus.AwaitingCredits || unreachable is not null)
                {
                    followed = new Followed(project, unreachable);
                    return;
                }

                if (events.Count == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(500), time, cancellationToken);
                }
            }
        });
        return followed!;
    }

    internal static void PrintHeld(HeldLogs logs, IAnsiConsole console)
    {
        foreach (var (level, text) in logs.Drain())
        {
            console.MarkupLineInterpolated($"[{(level >= LogLevel.Error ? "red" : "yellow")}]{(level >= LogLevel.Error ? "error" : "warning")}:[/] {text}");
        }
    }

    /// <summary>The line an event prints (if any) and the spinner's text after it (null: keep the event's kind).</summary>
    internal static (string? Line, string? Status) Describe(BuildEvent buildEvent) => buildEvent switch
    {
        PlanningStarted => (null, "The architect is planning…"),
        PlanReady plan => ($"[bold]Plan: {Markup.Escape(plan.Title)}[/]{EstimateOf(plan)}\n" + string.Join('\n',
            plan.Tasks.Select(t => $"  [grey]{t.Index}.[/] {Markup.Escape(t.Title)}")), "Implementing…"),
        TaskStarted started => (null, $"Task {started.Index}/{started.Total}: {Markup.Escape(started.Title)} (attempt {started.Attempt})"),
        TaskFinished { Verdict: StepVerdict.Approved } done =>
            ($"[green]✓[/] Task {done.Index}/{done.Total} {Markup.Escape(done.Title)}", "Implementing…"),
        TaskFinished rejected =>
            ($"[yellow]✗[/] Task {rejected.Index}/{rejected.Total} rejected: {Markup.Escape(rejected.Feedback)}", "Implementing…"),
        TestingStarted testing => (testing.Command is null ? null : $"[grey]Running the tests: {Markup.Escape(testing.Command)}[/]", "Running the tests…"),
        TestRunFinished { Kind: TestRunKind.Tests, Outcome: TestRunOutcome.Passed } passed => ($"[green]✓[/] Tests: {Markup.Escape(passed.Summary)}", null),
        TestRunFinished { Kind: TestRunKind.Tests } tests => ($"[yellow]![/] Tests: {Markup.Escape(tests.Summary)}", null),
        TestRunFinished { Kind: TestRunKind.Static, Outcome: TestRunOutcome.Failed } check => ($"[yellow]![/] Task {check.TaskIndex}: checks found {Markup.Escape(check.Summary)}", null),
        FixRoundStarted fix => ($"[yellow]→[/] Fixing from the failures (round {fix.Round} of {fix.MaxRounds})", $"Fix round {fix.Round} of {fix.MaxRounds}…"),
        DocumentingStarted => (null, "Writing the README…"),
        PackagingStarted => (null, "Packaging…"),
        BuildRetrying { Cause: RetryCause.ModelUnreachable } => (null, "The model cannot be reached"),
        BuildRetrying retrying => ($"[yellow]The model is unavailable, retrying{RetryTime(retrying)}: {Markup.Escape(retrying.Reason)}[/]", "Waiting to retry…"),
        BuildPaused paused => ($"[yellow]Paused: {Markup.Escape(paused.Reason)}[/]", "Paused"),
        BuildCompleted completed => ($"[green bold]Completed:[/] {completed.Files} files, {completed.PromptTokens}+{completed.CompletionTokens} tokens, {CreditFormat.Show(completed.Credits)} credits"
            + (completed.Verification is { } verification ? $"; {Markup.Escape(verification.Describe())}" : string.Empty), "Done"),
        VersionCreated version => ($"[grey]Version {version.Version} ({version.Kind.ToString().ToLowerInvariant()}): {version.Changes.FilesChanged} files changed, +{version.Changes.LinesAdded} −{version.Changes.LinesRemoved} lines[/]", null),
        BuildFailed => (null, "Failed"),
        _ => (null, null),
    };

    private static string EstimateOf(PlanReady plan) =>
        plan.EstimatedCredits is { } credits ? $" [grey](estimated {CreditFormat.Show(credits)} credits)[/]" : string.Empty;

    private static string RetryTime(BuildRetrying retrying) =>
        retrying.RetryAt is { } at ? $" at {at.ToLocalTime():HH:mm:ss}" : string.Empty;

    /// <summary>Prints a sentence on stderr and returns the exit code.</summary>
    internal static int Fail(string sentence, int exitCode)
    {
        CliConsole.Error.MarkupLineInterpolated($"[red]{sentence}[/]");
        return exitCode;
    }

    private sealed record WrittenOutput(string Zip, string Folder);

    /// <summary>
    /// Writes the ZIP and unpacks it into a folder named after the project, replacing any earlier folder of that name
    /// (files a previous build left there must not look like part of this one). The new folder is unpacked beside it
    /// first, so a failure leaves the old one as it was.
    /// </summary>
    private static async Task<WrittenOutput> WriteOutputAsync(IServiceProvider services, Project project, DirectoryInfo output, CancellationToken cancellationToken)
    {
        var archives = services.GetRequiredService<IObjectStore>();
        await using var archive = await archives.OpenReadAsync(project.ArchiveKey!, cancellationToken)
            ?? throw new InvalidOperationException("The archive is missing.");
        output.Create();
        var slug = Path.GetFileNameWithoutExtension(ProjectArchive.FileName(project.Title));
        var zipPath = Path.Combine(output.FullName, slug + ".zip");
        await using (var file = File.Create(zipPath))
        {
            await archive.CopyToAsync(file, cancellationToken);
        }

        var folder = Path.Combine(output.FullName, slug);
        var staging = Path.Combine(output.FullName, $".{slug}.{Guid.NewGuid():N}.tmp");
        try
        {
            await ZipFile.ExtractToDirectoryAsync(zipPath, staging, overwriteFiles: false, cancellationToken);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.Move(staging, folder);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return new WrittenOutput(zipPath, folder);
    }
}
