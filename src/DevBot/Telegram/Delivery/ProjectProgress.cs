using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using DevBot.Storage;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Delivery;

/// <summary>Turns a build's state and events into its chat's messages: the progress message, the ZIP, the bad news.</summary>
internal sealed class ProjectProgress(ProjectService projects, ProjectQueries queries, ProjectEventLog eventLog, TelegramOutbox outbox, BotTexts texts, IOptions<TelegramOptions> options)
{
    /// <summary>Sets the progress message to the project's current state.</summary>
    public async Task PublishAsync(Guid projectId, long chatId, string? note, Words words, CancellationToken cancellationToken)
    {
        var project = await queries.FindAnyAsync(projectId, cancellationToken) ?? throw new InvalidOperationException($"Project {projectId} is gone.");
        var tasks = await projects.TasksAsync(projectId, cancellationToken);
        var position = project.Status == ProjectStatus.Queued ? await projects.QueuePositionAsync(projectId, cancellationToken) : null;
        var keyboard = project.Status.IsTerminal() ? null : ChatKeyboards.CancelBuild(projectId, words);
        var estimate = project.Status.IsTerminal() ? null : await EstimatedCreditsAsync(projectId, cancellationToken);
        outbox.SetProgress(projectId, chatId, ProgressText.Render(words, project, tasks, position, note, estimate), keyboard);
    }

    /// <summary>The credits the whole build is expected to cost, as estimated when the plan was made (when billing estimates).</summary>
    private async Task<decimal?> EstimatedCreditsAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await eventLog.LatestAsync<PlanReady>(projectId, cancellationToken))?.EstimatedCredits;

    /// <summary>The words of the chat a build was asked for in.</summary>
    public Words WordsFor(ProjectChat chat) => texts.For(chat.Language);

    /// <summary>What an event adds beyond the progress message: the ZIP, a failure notice, a pause with its buttons.</summary>
    public void Announce(ProjectChat chat, BuildEvent buildEvent, Project project, Words words)
    {
        switch (buildEvent)
        {
            case BuildCompleted completed:
                var version = new VersionNote(completed.Version, completed.Kind, completed.Changes ?? DiffStat.None);
                outbox.SendArchive(project.Id, chat.ChatId,
                    ProgressText.Caption(words, completed.Title, completed.Tasks, completed.Files, completed.PromptTokens + completed.CompletionTokens, completed.Credits,
                        completed.Verification, version),
                    ProjectArchive.FileName(completed.Title), words.Language,
                    ChatKeyboards.Delivered(project.Id, completed.Version, canUndo: completed.Version > 1 && completed.Kind != VersionKind.Import, words));
                break;
            case BuildFailed failed when project.Version >= 1:
                // A later version failed: the delivered one is untouched, and the chat can ask again.
                outbox.Send(chat.ChatId,
                    words.Html(TextKey.AnnounceChangeFailed, ("title", HtmlFragment.Bold(project.Title)), ("version", project.TargetVersion), ("current", project.Version),
                        ("reason", FailureExplainer.Explain(words, failed.Reason))),
                    ChatKeyboards.Delivered(project.Id, project.Version, canUndo: false, words), project.Id);
                break;
            case BuildFailed failed:
                outbox.Send(chat.ChatId,
                    words.Html(TextKey.AnnounceFailed, ("title", HtmlFragment.Bold(project.Title)), ("reason", FailureExplainer.Explain(words, failed.Reason))),
                    projectId: project.Id);
                break;
            case BuildPaused paused:
                outbox.Send(chat.ChatId,
                    words.Html(TextKey.AnnouncePaused, ("title", HtmlFragment.Bold(project.Title)), ("reason", FailureExplainer.OneLine(paused.Reason, 400))),
                    ChatKeyboards.ResumeBuild(project.Id, options.Value.StarPacks().Count > 0, words), project.Id);
                break;
        }
    }

    /// <summary>The one-line note (plain text) an event leaves under the progress: a step's verdict with the reviewer's reason, a retry.</summary>
    public static string? NoteFor(BuildEvent buildEvent, Words words) => buildEvent switch
    {
        PlanReady => words[TextKey.NotePlanReady],
        TaskStarted started => words.Plain(TextKey.NoteTaskStarted, ("index", started.Index), ("total", started.Total), ("title", started.Title), ("attempt", started.Attempt)),
        TaskFinished { Verdict: StepVerdict.Approved } approved when string.IsNullOrWhiteSpace(approved.Feedback) =>
            words.Plain(TextKey.NoteApproved, ("index", approved.Index), ("total", approved.Total)),
        TaskFinished { Verdict: StepVerdict.Approved } approved =>
            words.Plain(TextKey.NoteApprovedBecause, ("index", approved.Index), ("total", approved.Total), ("feedback", approved.Feedback)),
        TaskFinished rejected => words.Plain(TextKey.NoteRejected, ("index", rejected.Index), ("total", rejected.Total), ("feedback", rejected.Feedback)),
        TestRunFinished { Kind: TestRunKind.Tests } tests => words.Plain(TextKey.NoteTestsRan, ("summary", tests.Summary)),
        TestRunFinished { Kind: TestRunKind.Static, Outcome: TestRunOutcome.Failed } check =>
            words.Plain(TextKey.NoteChecksFound, ("index", check.TaskIndex ?? 0), ("summary", check.Summary)),
        FixRoundStarted fix => words.Plain(TextKey.NoteFixRound, ("reason", fix.Reason), ("round", fix.Round), ("rounds", fix.MaxRounds)),
        BuildRetrying => words[TextKey.NoteRetrying],
        BuildResumed => words[TextKey.NoteResumed],
        _ => null,
    };
}
