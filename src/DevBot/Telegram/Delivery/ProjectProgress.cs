using System.Text.Json;
using DevBot.Billing.Stripe;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Delivery;

/// <summary>Turns a build's state and events into its chat's messages: the progress message, the ZIP, the bad news.</summary>
public sealed class ProjectProgress(DevBotDbContext db, ProjectService projects, TelegramOutbox outbox, IOptions<StripeOptions> stripe)
{
    /// <summary>Sets the progress message to the project's current state.</summary>
    public async Task PublishAsync(Guid projectId, long chatId, string? note, CancellationToken cancellationToken)
    {
        var project = await db.Set<Project>().AsNoTracking().FirstAsync(p => p.Id == projectId, cancellationToken);
        var tasks = await projects.TasksAsync(projectId, cancellationToken);
        var position = project.Status == ProjectStatus.Queued ? await projects.QueuePositionAsync(projectId, cancellationToken) : null;
        var keyboard = project.Status.IsTerminal() ? null : ChatKeyboards.CancelBuild(projectId);
        var estimate = project.Status.IsTerminal() ? null : await EstimatedCreditsAsync(projectId, cancellationToken);
        outbox.SetProgress(projectId, chatId, ProgressText.Render(project, tasks, position, note, estimate), keyboard);
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

    /// <summary>What an event adds beyond the progress message: the ZIP, a failure notice, a pause with its buttons.</summary>
    public void Announce(ProjectChat chat, ProjectEvent projectEvent, Project project)
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
                    ProgressText.Caption(title, (int)Long(root, "tasks"), (int)Long(root, "files"), tokens, credits),
                    ProjectArchive.FileName(title));
                break;
            case ProjectEventLog.Failed:
                outbox.Send(chat.ChatId,
                    $"❌ {TelegramHtml.Bold(project.Title)} could not be built.\n{TelegramHtml.Escape(FailureExplainer.Explain(String(root, "reason") ?? project.Error))}",
                    projectId: project.Id);
                break;
            case ProjectEventLog.AwaitingCredits:
                outbox.Send(chat.ChatId,
                    $"⏸ {TelegramHtml.Bold(project.Title)} is paused: {TelegramHtml.Escape(FailureExplainer.OneLine(String(root, "reason") ?? "not enough credits", 400))}\n"
                    + "Press Continue to let it spend more, or buy credits (a purchase lets it go on by itself). Nothing done so far is paid for twice.",
                    ChatKeyboards.ResumeBuild(project.Id, stripe.Value.MockPayments || stripe.Value.CheckoutConfigured), project.Id);
                break;
        }
    }

    /// <summary>The one-line note an event leaves under the progress (a step's verdict and reason, a retry).</summary>
    public static string? NoteFor(ProjectEvent projectEvent)
    {
        using var data = JsonDocument.Parse(projectEvent.Data);
        var root = data.RootElement;
        var step = $"Step {Long(root, "index")}/{Long(root, "total")}";
        return projectEvent.Type switch
        {
            ProjectEventLog.PlanReady => "The plan is ready.",
            ProjectEventLog.TaskStarted => $"{step}: {String(root, "title")} (attempt {Long(root, "attempt")})",
            ProjectEventLog.TaskFinished when String(root, "verdict") == "approved" => $"{step} approved.",
            ProjectEventLog.TaskFinished => $"{step} rejected: {String(root, "feedback")}",
            ProjectEventLog.Retrying => "The AI service is busy; trying again shortly.",
            ProjectEventLog.Resumed => "Resumed.",
            _ => null,
        };
    }

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Long(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}
