using System.CommandLine;
using System.IO.Compression;
using DevBot.Billing;
using DevBot.Hosting;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Storage;
using DevBot.Users;
using Spectre.Console;

namespace DevBot.Cli;

/// <summary><c>devbot build "DESCRIPTION"</c>: the whole pipeline in this process, with live progress, writing the ZIP and the files.</summary>
internal static class BuildCommand
{
    public const string CliUserName = "cli";

    public static Command Create()
    {
        var description = new Argument<string>("description") { Description = "What to build, in plain words." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the ZIP and the unpacked project.", DefaultValueFactory = _ => new DirectoryInfo(".") };
        var title = new Option<string?>("--title") { Description = "The project's title (default: the architect's)." };
        var stack = new Option<string?>("--stack") { Description = "Language or stack, e.g. Python (default: the architect decides)." };
        var command = new Command("build", "Build a project from a description, here and now.") { description, output, title, stack };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(description)!, parse.GetValue(output)!, parse.GetValue(title), parse.GetValue(stack), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string description, DirectoryInfo output, string? title, string? stack, CancellationToken cancellationToken)
    {
        if (ProjectService.Validate(description, title, stack) is { } problem)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{problem}[/]");
            return 2;
        }

        using var host = DevBotWorkerHost.Build([], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await host.MigrateIfConfiguredAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var userId = await CliUserAsync(services.GetRequiredService<UserAccounts>(), cancellationToken);
            var outcome = await services.GetRequiredService<ProjectService>().SubmitAsync(userId, description, title, stack, Actor.CommandLine, cancellationToken);
            if (outcome is QueueLimitReached full)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{full.Message}[/]");
                return 2;
            }

            var submitted = (SubmittedProject)outcome;
            AnsiConsole.MarkupLineInterpolated($"[grey]Project {submitted.Project.Id} queued (#{submitted.QueuePosition} in line).[/]");

            Project finished;
            try
            {
                finished = await FollowAsync(host.Services, submitted.Project.Id, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await services.GetRequiredService<ProjectService>().CancelAsync(userId, submitted.Project.Id, Actor.CommandLine, CancellationToken.None);
                AnsiConsole.MarkupLine("[yellow]Cancelled.[/]");
                return 130;
            }

            if (finished.Status == ProjectStatus.AwaitingCredits)
            {
                AnsiConsole.MarkupLineInterpolated(
                    $"[yellow]The build is paused, waiting for credits. It resumes where it stopped after 'devbot ledger grant' for user '{CliUserName}' or POST /api/v1/projects/{finished.Id}/continue.[/]");
                return 3;
            }

            if (finished.Status != ProjectStatus.Completed)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Build {finished.Status.ToApi()}: {finished.Error ?? "no reason recorded"}[/]");
                return 1;
            }

            await WriteOutputAsync(services, finished, output, cancellationToken);
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Guid> CliUserAsync(UserAccounts accounts, CancellationToken cancellationToken)
    {
        var existing = (await accounts.FindByNameAsync(CliUserName, cancellationToken)).FirstOrDefault();
        return existing?.Id ?? (await accounts.CreateAsync(CliUserName, isAdmin: false, Actor.CommandLine, cancellationToken)).User.Id;
    }

    /// <summary>Prints each event as it is committed, until the build ends.</summary>
    private static async Task<Project> FollowAsync(IServiceProvider services, Guid projectId, CancellationToken cancellationToken)
    {
        var signal = services.GetRequiredService<ProjectEventSignal>();
        var time = services.GetRequiredService<TimeProvider>();
        long after = 0;
        Project? project = null;
        await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync("Queued", async status =>
        {
            while (true)
            {
                await using var scope = services.CreateAsyncScope();
                var events = await scope.ServiceProvider.GetRequiredService<ProjectEventLog>().ReadAsync(projectId, after, 100, cancellationToken);
                foreach (var item in events)
                {
                    after = item.Id;
                    var (line, state) = Describe(item.Event);
                    if (line is not null)
                    {
                        AnsiConsole.MarkupLine(line);
                    }

                    status.Status(state ?? item.Kind);
                }

                project = await scope.ServiceProvider.GetRequiredService<ProjectQueries>().FindAnyAsync(projectId, cancellationToken)
                    ?? throw new InvalidOperationException("The project disappeared.");

                // A paused build waits for credits or a "continue" that this process cannot give: stop following it.
                if (project.Status.IsTerminal() || project.Status == ProjectStatus.AwaitingCredits)
                {
                    return;
                }

                if (events.Count == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(500), time, cancellationToken);
                }
            }
        });
        return project!;
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
        DocumentingStarted => (null, "Writing the README…"),
        PackagingStarted => (null, "Packaging…"),
        BuildRetrying retrying => ($"[yellow]The model is unavailable, retrying: {Markup.Escape(retrying.Reason)}[/]", "Waiting to retry…"),
        BuildPaused paused => ($"[yellow]Paused: {Markup.Escape(paused.Reason)}[/]", "Paused"),
        BuildCompleted completed => ($"[green bold]Completed:[/] {completed.Files} files, {completed.PromptTokens}+{completed.CompletionTokens} tokens, {CreditFormat.Show(completed.Credits)} credits", "Done"),
        BuildFailed => (null, "Failed"),
        _ => (null, null),
    };

    private static string EstimateOf(PlanReady plan) =>
        plan.EstimatedCredits is { } credits ? $" [grey](estimated {CreditFormat.Show(credits)} credits)[/]" : string.Empty;

    private static async Task WriteOutputAsync(IServiceProvider services, Project project, DirectoryInfo output, CancellationToken cancellationToken)
    {
        var archives = services.GetRequiredService<IArchiveStore>();
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
        await ZipFile.ExtractToDirectoryAsync(zipPath, folder, overwriteFiles: true, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{zipPath}[/] and [bold]{folder}[/]");
    }
}
