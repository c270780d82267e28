using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using DevBot.Billing;
using DevBot.Data;
using DevBot.Hosting;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
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
            var db = services.GetRequiredService<DevBotDbContext>();
            var userId = await CliUserAsync(db, services.GetRequiredService<UserAccounts>(), cancellationToken);
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

    private static async Task<Guid> CliUserAsync(DevBotDbContext db, UserAccounts accounts, CancellationToken cancellationToken)
    {
        var existing = await db.Users.Where(u => u.Name == CliUserName).OrderBy(u => u.CreatedAt).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
        return existing ?? (await accounts.CreateAsync(CliUserName, isAdmin: false, Actor.CommandLine, cancellationToken)).User.Id;
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
                var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
                var events = await db.ProjectEvents.AsNoTracking().Where(e => e.ProjectId == projectId && e.Id > after).OrderBy(e => e.Id).ToListAsync(cancellationToken);
                foreach (var item in events)
                {
                    after = item.Id;
                    var (line, state) = Describe(item);
                    if (line is not null)
                    {
                        AnsiConsole.MarkupLine(line);
                    }

                    status.Status(state);
                }

                project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == projectId, cancellationToken);
                // A paused build waits for credits or a "continue" that this process cannot give: stop following it.
                if (project.Status.IsTerminal() || project.Status == ProjectStatus.AwaitingCredits)
                {
                    return;
                }

                await signal.WaitAsync(TimeSpan.FromMilliseconds(500), time, cancellationToken);
            }
        });
        return project!;
    }

    private static string EstimateOf(JsonElement planReady) =>
        planReady.TryGetProperty("estimatedCredits", out var credits) && credits.ValueKind == JsonValueKind.Number
            ? $" [grey](estimated {CreditFormat.Show(credits.GetDecimal())} credits)[/]"
            : string.Empty;

    private static (string? Line, string Status) Describe(ProjectEvent item)
    {
        using var document = JsonDocument.Parse(item.Data);
        var data = document.RootElement;
        string Text(string name) => data.TryGetProperty(name, out var value) ? value.ToString() : string.Empty;
        return item.Type switch
        {
            ProjectEventLog.Planning => (null, "The architect is planning…"),
            ProjectEventLog.PlanReady => ($"[bold]Plan: {Markup.Escape(Text("title"))}[/]{EstimateOf(data)}\n" + string.Join('\n',
                data.GetProperty("tasks").EnumerateArray().Select(t => $"  [grey]{t.GetProperty("index")}.[/] {Markup.Escape(t.GetProperty("title").GetString() ?? "")}")), "Implementing…"),
            ProjectEventLog.TaskStarted => (null, $"Task {Text("index")}/{Text("total")}: {Markup.Escape(Text("title"))} (attempt {Text("attempt")})"),
            ProjectEventLog.TaskFinished when Text("verdict") == "approved" =>
                ($"[green]✓[/] Task {Text("index")}/{Text("total")} {Markup.Escape(Text("title"))}", "Implementing…"),
            ProjectEventLog.TaskFinished =>
                ($"[yellow]✗[/] Task {Text("index")}/{Text("total")} rejected: {Markup.Escape(Text("feedback"))}", "Implementing…"),
            ProjectEventLog.Documenting => (null, "Writing the README…"),
            ProjectEventLog.Packaging => (null, "Packaging…"),
            ProjectEventLog.Retrying => ($"[yellow]The model is unavailable, retrying: {Markup.Escape(Text("reason"))}[/]", "Waiting to retry…"),
            ProjectEventLog.AwaitingCredits => ($"[yellow]Paused: {Markup.Escape(Text("reason"))}[/]", "Paused"),
            ProjectEventLog.Completed => ($"[green bold]Completed:[/] {Text("files")} files, {Text("promptTokens")}+{Text("completionTokens")} tokens", "Done"),
            ProjectEventLog.Failed => (null, "Failed"),
            _ => (null, item.Type),
        };
    }

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
