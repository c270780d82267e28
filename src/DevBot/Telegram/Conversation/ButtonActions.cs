using System.Text;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Projects.Versions;
using DevBot.Storage;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Texts;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types;

namespace DevBot.Telegram.Conversation;

/// <summary>Inline button presses. Each answers the button (a short notice) and, where it matters, the chat.</summary>
internal sealed class ButtonActions(
    ProjectService projects, ProjectQueries queries, ProjectFileStore files, LlmUsage usage, DeliveredVersions delivered,
    BuildRequests builds, ChangeRequests changes, ChatMemory memory, CreditCommands credits, TelegramOutbox outbox)
{
    public async Task HandleAsync(ChatContext context, CallbackQuery callback, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var data = CallbackData.Parse(callback.Data);
        context.Effects.CallbackAnswer = data switch
        {
            { Action: CallbackData.BuildAction } => await builds.ConfirmAsync(context, data.Argument, data.Choice, callback.Message?.MessageId, cancellationToken),
            { Action: CallbackData.DropAction } => await builds.DropAsync(context, data.Argument, cancellationToken),
            { Action: CallbackData.PacksAction } => ShowPacks(context),
            { Action: CallbackData.BuyAction } => credits.Buy(context, data.Argument),
            { ProjectId: { } projectId } => await ProjectActionAsync(context, data, projectId, cancellationToken),
            _ => words[TextKey.AnswerUnsupported],
        };
    }

    private string ShowPacks(ChatContext context)
    {
        credits.ShowPacks(context.ChatId, context.Words);
        return context.Words[TextKey.AnswerCreditPacks];
    }

    public static async Task<string> CancelProjectAsync(ProjectService projects, TelegramOutbox outbox, ChatContext context, Project project, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var result = await projects.CancelAsync(context.User.Id, project.Id, context.Actor, cancellationToken);
        var title = HtmlFragment.Bold(project.Title);
        var (reply, answer) = result switch
        {
            CancelResult.Cancelled => (words.Html(TextKey.BuildCancelled, ("title", title)), TextKey.AnswerCancelled),
            CancelResult.CancelRequested => (words.Html(TextKey.BuildStopping, ("title", title)), TextKey.AnswerStopping),
            CancelResult.AlreadyFinished => (words.Html(TextKey.BuildAlreadyFinished, ("title", title)), TextKey.AnswerAlreadyFinished),
            _ => (words[TextKey.BuildNotFound], TextKey.AnswerNotFound),
        };
        outbox.Send(context.ChatId, reply, projectId: result == CancelResult.NotFound ? null : project.Id);
        return words[answer];
    }

    private async Task<string> ProjectActionAsync(ChatContext context, CallbackData data, Guid projectId, CancellationToken cancellationToken)
    {
        var words = context.Words;

        // Someone else's project id answers exactly like an unknown one.
        if (await projects.FindAsync(context.User.Id, projectId, cancellationToken) is not { } project)
        {
            outbox.Send(context.ChatId, words[TextKey.BuildNotYours]);
            return words[TextKey.AnswerNotFound];
        }

        switch (data.Action)
        {
            case CallbackData.ZipAction when project.Status == ProjectStatus.Completed && project.ArchiveKey is not null:
                var current = await delivered.CurrentAsync(project, cancellationToken);
                outbox.SendArchive(project.Id, context.ChatId, await CaptionAsync(project, current, words, cancellationToken), ProjectArchive.FileName(project.Title), words.Language,
                    ChatKeyboards.Delivered(project.Id, project.Version, current?.BaseVersion is not null, words));
                return words[TextKey.AnswerSendingZip];
            case CallbackData.ZipAction:
                outbox.Send(context.ChatId, words.Html(TextKey.BuildHasNoZip, ("title", HtmlFragment.Bold(project.Title)), ("status", words[TextKey.Of(project.Status)])));
                return words[TextKey.AnswerNoZip];
            case CallbackData.PlanAction:
                outbox.Send(context.ChatId, await PlanTextAsync(project, words, cancellationToken));
                return words[TextKey.AnswerPlan];
            case CallbackData.CancelAction:
                return await CancelProjectAsync(projects, outbox, context, project, cancellationToken);
            case CallbackData.ResumeAction:
                return await credits.ContinueAsync(context, project.Id, cancellationToken);
            case CallbackData.ChangeAction:
                return await changes.AskAsync(context, project.Id, cancellationToken);
            case CallbackData.UndoAction when data.Version is { } version:
                return await changes.UndoAsync(context, project.Id, version, cancellationToken);
            case CallbackData.UseAction:
                await memory.RememberAsync(context.ChatId, project.Id, cancellationToken);
                outbox.Send(context.ChatId, words.Html(TextKey.ProjectsSwitched, ("title", HtmlFragment.Bold(project.Title)), ("version", project.Version)), projectId: project.Id);
                return words[TextKey.AnswerSwitched];
            default:
                return words[TextKey.AnswerUnsupported];
        }
    }

    /// <summary>The caption of the ZIP sent again: the version users get now, what it changed, and what its own tests proved.</summary>
    private async Task<string> CaptionAsync(Project project, DeliveredVersion? current, Words words, CancellationToken cancellationToken)
    {
        var taskCount = await queries.TaskCountAsync(project.Id, cancellationToken);
        var fileCount = await files.CountAsync(project.Id, cancellationToken);
        var spent = await usage.ForProjectAsync(project.Id, cancellationToken);
        return ProgressText.Caption(words, project.Title, taskCount, fileCount, spent.Tokens, spent.Credits, current?.Verification,
            current is null ? null : ProgressText.VersionOf(current));
    }

    private async Task<string> PlanTextAsync(Project project, Words words, CancellationToken cancellationToken)
    {
        var tasks = await projects.TasksAsync(project.Id, cancellationToken);
        if (tasks.Count == 0)
        {
            return words.Html(TextKey.PlanNone, ("title", HtmlFragment.Bold(project.Title)));
        }

        var text = new StringBuilder(words.Html(TextKey.PlanHeading, ("title", project.Title))).Append('\n');
        if (!string.IsNullOrWhiteSpace(project.PlanSummary))
        {
            text.Append(TelegramHtml.Escape(project.PlanSummary.Trim())).Append('\n');
        }

        foreach (var task in tasks)
        {
            text.Append('\n')
                .Append(words.Html(TextKey.PlanTask, ("index", task.Index), ("title", HtmlFragment.Bold(task.Title)), ("status", words[TextKey.Of(task.Status)])))
                .Append('\n').Append(TelegramHtml.Escape(task.Details.Trim())).Append('\n');
        }

        return text.ToString();
    }
}
