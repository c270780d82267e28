using System.Text.Json;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Delivery;

/// <summary>Turns a build's state and events into its chat's messages: the progress message, the ZIP, the bad news.</summary>
public sealed class ProjectProgress(DevBotDbContext db, ProjectService projects, TelegramOutbox outbox, BotTexts texts, IOptions<TelegramOptions> options)
{
    /// <summary>Sets the progress message to the project's current state.</summary>
    public async Task PublishAsync(Guid projectId, long chatId, string? note, Words words, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().AsNoTracking().FirstAsync(p => p.Id == projectId, cancellationToken);
        var tasks = await projects.TasksAsync(projectId, cancellationToken);
        var position = project.Status == ProjectStatus.Queued ? await projects.QueuePositionAsync(projectId, cancellationToken) : null;
        var keyboard = project.Status.IsTerminal() ? null : ChatKeyboards.CancelBuild(projectId, words);
        var estimate = project.Status.IsTerminal() ? null : await EstimatedCreditsAsync(projectId, cancellationToken);
        outbox.SetProgress(projectId, chatId, ProgressText.Render(words, project, tasks, position, note, estimate), keyboard);
    }

    /// <summary>The credits the whole build is expected to cost, as estimated when the plan was made (when billing estimates).</summary>
    private async Task<decimal?> EstimatedCreditsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var planReady = await db.Set<ProjectEvent>().AsNoTracking()
            .Where(e => e.ProjectId == projectId && e.Type == ProjectEventLog.PlanReady)
            .OrderByDescending(e => e.Id)
            .Select(e => e.Data)
            .FirstOrDefaultAsync(cancellationToken);
        if (planReady is null)
        {
            return null;
        }

        using var data = JsonDocument.Parse(planReady);
        return data.RootElement.ValueKind == JsonValueKind.Object
            && data.RootElement.TryGetProperty("estimatedCredits", out var estimate)
            && estimate.TryGetDecimal(out var credits) ? credits : null;
    }

    /// <summary>The words of the chat a build was asked for in.</summary>
    public Words WordsFor(ProjectChat chat) => texts.For(chat.Language);

    /// <summary>What an event adds beyond the progress message: the ZIP, a failure notice, a pause with its buttons.</summary>
    public void Announce(ProjectChat chat, ProjectEvent projectEvent, Project project, Words words)
    {
        using var data = JsonDocument.Parse(projectEvent.Data);
        var root = data.RootElement;
        switch (projectEvent.Type)
        {
            case ProjectEventLog.Completed:
                var title = String(root, "title") ?? project.Title;
                var tokens = Long(root, "promptTokens") + Long(root, "completionTokens");
                var credits = root.TryGetProperty("credits", out var c) && c.TryGetDecimal(out var value) ? value : 0m;
                outbox.SendArchive(project.Id, chat.ChatId,
                    ProgressText.Caption(words, title, (int)Long(root, "tasks"), (int)Long(root, "files"), tokens, credits),
                    ProjectArchive.FileName(title), words.Language);
                break;
            case ProjectEventLog.Failed:
                outbox.Send(chat.ChatId,
                    words.Html(TextKey.AnnounceFailed, ("title", HtmlFragment.Bold(project.Title)), ("reason", FailureExplainer.Explain(words, String(root, "reason") ?? project.Error))),
                    projectId: project.Id);
                break;
            case ProjectEventLog.AwaitingCredits:
                outbox.Send(chat.ChatId,
                    words.Html(TextKey.AnnouncePaused, ("title", HtmlFragment.Bold(project.Title)),
                        ("reason", FailureExplainer.OneLine(String(root, "reason") ?? words[TextKey.AnnouncePausedReason], 400))),
                    ChatKeyboards.ResumeBuild(project.Id, options.Value.StarPacks().Count > 0, words), project.Id);
                break;
        }
    }

    /// <summary>The one-line note (plain text) an event leaves under the progress: a step's verdict with the reviewer's reason, a retry.</summary>
    public static string? NoteFor(ProjectEvent projectEvent, Words words)
    {
        using var data = JsonDocument.Parse(projectEvent.Data);
        var root = data.RootElement;
        var (index, total) = (Long(root, "index"), Long(root, "total"));
        var feedback = String(root, "feedback");
        return projectEvent.Type switch
        {
            ProjectEventLog.PlanReady => words[TextKey.NotePlanReady],
            ProjectEventLog.TaskStarted => words.Plain(TextKey.NoteTaskStarted, ("index", index), ("total", total), ("title", String(root, "title")), ("attempt", Long(root, "attempt"))),
            ProjectEventLog.TaskFinished when String(root, "verdict") == "approved" && string.IsNullOrWhiteSpace(feedback) => words.Plain(TextKey.NoteApproved, ("index", index), ("total", total)),
            ProjectEventLog.TaskFinished when String(root, "verdict") == "approved" => words.Plain(TextKey.NoteApprovedBecause, ("index", index), ("total", total), ("feedback", feedback)),
            ProjectEventLog.TaskFinished => words.Plain(TextKey.NoteRejected, ("index", index), ("total", total), ("feedback", feedback)),
            ProjectEventLog.Retrying => words[TextKey.NoteRetrying],
            ProjectEventLog.Resumed => words[TextKey.NoteResumed],
            _ => null,
        };
    }

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Long(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}
