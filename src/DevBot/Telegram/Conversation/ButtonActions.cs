using System.Text;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Conversation;

/// <summary>Inline button presses. Each answers the button (a short notice) and, where it matters, the chat.</summary>
public sealed class ButtonActions(DevBotDbContext db, ProjectService projects, BuildRequests builds, CreditCommands credits, TelegramOutbox outbox)
{
    public async Task HandleAsync(ChatContext context, CallbackQuery callback, CancellationToken cancellationToken)
    {
        var data = CallbackData.Parse(callback.Data);
        context.Effects.CallbackAnswer = data switch
        {
            { Action: CallbackData.BuildAction } => await builds.ConfirmAsync(context, data.Argument, data.Choice, callback.Message?.MessageId, cancellationToken),
            { Action: CallbackData.DropAction } => await builds.DropAsync(context, data.Argument, cancellationToken),
            { Action: CallbackData.PacksAction } => ShowPacks(context),
            { Action: CallbackData.BuyAction } => Buy(context, data.Argument),
            { ProjectId: { } projectId } => await ProjectActionAsync(context, data.Action, projectId, cancellationToken),
            _ => "This button is no longer supported.",
        };
    }

    private string ShowPacks(ChatContext context)
    {
        credits.ShowPacks(context.ChatId);
        return "Credit packs.";
    }

    private string Buy(ChatContext context, string packName)
    {
        credits.Buy(context, packName);
        return "One moment…";
    }

    public static async Task<string> CancelProjectAsync(ProjectService projects, TelegramOutbox outbox, ChatContext context, Project project, CancellationToken cancellationToken)
    {
        var result = await projects.CancelAsync(context.User.Id, project.Id, context.Actor, cancellationToken);
        var (reply, answer) = result switch
        {
            CancelResult.Cancelled => ($"🚫 {TelegramHtml.Bold(project.Title)} is cancelled.", "Cancelled."),
            CancelResult.CancelRequested => ($"Stopping {TelegramHtml.Bold(project.Title)}: it ends after the step it is on.", "Stopping…"),
            CancelResult.AlreadyFinished => ($"{TelegramHtml.Bold(project.Title)} has already finished.", "Already finished."),
            _ => ("I can't find that build.", "Not found."),
        };
        outbox.Send(context.ChatId, reply, projectId: result == CancelResult.NotFound ? null : project.Id);
        return answer;
    }

    private async Task<string> ProjectActionAsync(ChatContext context, string action, Guid projectId, CancellationToken cancellationToken)
    {
        // Someone else's project id answers exactly like an unknown one.
        if (await projects.FindAsync(context.User.Id, projectId, cancellationToken) is not { } project)
        {
            outbox.Send(context.ChatId, "I can't find that build among yours.");
            return "Not found.";
        }

        switch (action)
        {
            case CallbackData.ZipAction when project.Status == ProjectStatus.Completed && project.ArchiveKey is not null:
                outbox.SendArchive(project.Id, context.ChatId, await CaptionAsync(project, cancellationToken), ProjectArchive.FileName(project.Title));
                return "Sending the ZIP…";
            case CallbackData.ZipAction:
                outbox.Send(context.ChatId, $"{TelegramHtml.Bold(project.Title)} has no ZIP: it is {project.Status.ToApi().Replace('_', ' ')}.");
                return "No ZIP yet.";
            case CallbackData.PlanAction:
                outbox.Send(context.ChatId, await PlanTextAsync(project, cancellationToken));
                return "Here is the plan.";
            case CallbackData.CancelAction:
                return await CancelProjectAsync(projects, outbox, context, project, cancellationToken);
            case CallbackData.ResumeAction:
                return await credits.ContinueAsync(context, project.Id, cancellationToken);
            default:
                return "This button is no longer supported.";
        }
    }

    private async Task<string> CaptionAsync(Project project, CancellationToken cancellationToken)
    {
        var tasks = await db.Set<ProjectTask>().CountAsync(t => t.ProjectId == project.Id, cancellationToken);
        var files = await db.Set<ProjectFile>().CountAsync(f => f.ProjectId == project.Id, cancellationToken);

        // Credits are decimals (TEXT on SQLite): summed here, not in SQL.
        var usage = await db.Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == project.Id && c.Outcome == LlmCallOutcome.Succeeded)
            .Select(c => new { c.PromptTokens, c.CompletionTokens, c.Credits })
            .ToListAsync(cancellationToken);
        return ProgressText.Caption(project.Title, tasks, files, usage.Sum(u => (long)u.PromptTokens + u.CompletionTokens), usage.Sum(u => u.Credits));
    }

    private async Task<string> PlanTextAsync(Project project, CancellationToken cancellationToken)
    {
        var tasks = await projects.TasksAsync(project.Id, cancellationToken);
        if (tasks.Count == 0)
        {
            return $"{TelegramHtml.Bold(project.Title)} has no plan yet.";
        }

        var text = new StringBuilder($"<b>Plan: {TelegramHtml.Escape(project.Title)}</b>\n");
        if (!string.IsNullOrWhiteSpace(project.PlanSummary))
        {
            text.Append(TelegramHtml.Escape(project.PlanSummary.Trim())).Append('\n');
        }

        foreach (var task in tasks)
        {
            text.Append($"\n{task.Index}. {TelegramHtml.Bold(task.Title)} — {task.Status.ToApi().Replace('_', ' ')}\n{TelegramHtml.Escape(task.Details.Trim())}\n");
        }

        return text.ToString();
    }
}
