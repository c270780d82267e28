using DevBot.Billing.Stripe;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Storage;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Delivery;

/// <summary>Turns a build's state and events into its chat's messages: the progress message, the ZIP, the bad news.</summary>
public sealed class ProjectProgress(ProjectService projects, ProjectQueries queries, ProjectEventLog eventLog, TelegramOutbox outbox, IOptions<StripeOptions> stripe)
{
    /// <summary>Sets the progress message to the project's current state.</summary>
    public async Task PublishAsync(Guid projectId, long chatId, string? note, CancellationToken cancellationToken)
    {
        var project = await queries.FindAnyAsync(projectId, cancellationToken) ?? throw new InvalidOperationException($"Project {projectId} is gone.");
        var tasks = await projects.TasksAsync(projectId, cancellationToken);
        var position = project.Status == ProjectStatus.Queued ? await projects.QueuePositionAsync(projectId, cancellationToken) : null;
        var keyboard = project.Status.IsTerminal() ? null : ChatKeyboards.CancelBuild(projectId);
        var estimate = project.Status.IsTerminal() ? null : await EstimatedCreditsAsync(projectId, cancellationToken);
        outbox.SetProgress(projectId, chatId, ProgressText.Render(project, tasks, position, note, estimate), keyboard);
    }

    /// <summary>The credits the whole build is expected to cost, as estimated when the plan was made (when billing estimates).</summary>
    private async Task<decimal?> EstimatedCreditsAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await eventLog.LatestAsync<PlanReady>(projectId, cancellationToken))?.EstimatedCredits;

    /// <summary>What an event adds beyond the progress message: the ZIP, a failure notice, a pause with its buttons.</summary>
    public void Announce(ProjectChat chat, BuildEvent buildEvent, Project project)
    {
        switch (buildEvent)
        {
            case BuildCompleted completed:
                outbox.SendArchive(project.Id, chat.ChatId,
                    ProgressText.Caption(completed.Title, completed.Tasks, completed.Files, completed.PromptTokens + completed.CompletionTokens, completed.Credits),
                    ProjectArchive.FileName(completed.Title));
                break;
            case BuildFailed failed:
                outbox.Send(chat.ChatId,
                    $"❌ {TelegramHtml.Bold(project.Title)} could not be built.\n{TelegramHtml.Escape(FailureExplainer.Explain(failed.Reason))}",
                    projectId: project.Id);
                break;
            case BuildPaused paused:
                outbox.Send(chat.ChatId,
                    $"⏸ {TelegramHtml.Bold(project.Title)} is paused: {TelegramHtml.Escape(FailureExplainer.OneLine(paused.Reason, 400))}\n"
                    + "Press Continue to let it spend more, or buy credits (a purchase lets it go on by itself). Nothing done so far is paid for twice.",
                    ChatKeyboards.ResumeBuild(project.Id, stripe.Value.MockPayments || stripe.Value.CheckoutConfigured), project.Id);
                break;
        }
    }

    /// <summary>The one-line note an event leaves under the progress (a step's verdict and reason, a retry).</summary>
    public static string? NoteFor(BuildEvent buildEvent) => buildEvent switch
    {
        PlanReady => "The plan is ready.",
        TaskStarted started => $"Step {started.Index}/{started.Total}: {started.Title} (attempt {started.Attempt})",
        TaskFinished { Verdict: StepVerdict.Approved } approved => $"Step {approved.Index}/{approved.Total} approved.",
        TaskFinished rejected => $"Step {rejected.Index}/{rejected.Total} rejected: {rejected.Feedback}",
        BuildRetrying => "The AI service is busy; trying again shortly.",
        BuildResumed => "Resumed.",
        _ => null,
    };
}
