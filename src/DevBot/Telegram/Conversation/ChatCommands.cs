using System.Text;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Conversation;

/// <summary>The slash commands.</summary>
public sealed class ChatCommands(
    DevBotDbContext db,
    ProjectService projects,
    ApiKeyCommand apiKeys,
    TelegramAccounts accounts,
    BuildRequests builds,
    AdminCommand admin,
    CreditCommands credits,
    TelegramOutbox outbox)
{
    private const int RecentProjects = 5;

    public async Task HandleAsync(ChatContext context, ChatCommand command, bool newUser, CancellationToken cancellationToken)
    {
        switch (command.Name)
        {
            case "start":
                outbox.Send(context.ChatId, ChatTexts.Greeting(context.From.FirstName, await credits.BalanceAsync(context, cancellationToken), newUser));
                break;
            case "credits" or "balance":
                await credits.CreditsAsync(context, cancellationToken);
                break;
            case "buy":
                credits.Buy(context, command.Argument);
                break;
            case "help":
                outbox.Send(context.ChatId, ChatTexts.Help);
                break;
            case "new" when command.Argument.Length == 0:
                await builds.AskForDescriptionAsync(context, cancellationToken);
                break;
            case "new":
                await builds.DescribeAsync(context, command.Argument, explicitRequest: true, cancellationToken);
                break;
            case "status":
                await StatusAsync(context, cancellationToken);
                break;
            case "projects":
                await ProjectsAsync(context, cancellationToken);
                break;
            case "cancel":
                await CancelAsync(context, cancellationToken);
                break;
            case "apikey":
                await apiKeys.HandleAsync(context, command.Argument, cancellationToken);
                break;
            case "link":
                await LinkAsync(context, command.Argument, cancellationToken);
                break;
            case "admin":
                await admin.HandleAsync(context, cancellationToken);
                break;
            default:
                outbox.Send(context.ChatId, ChatTexts.Unknown("/" + command.Name));
                break;
        }
    }

    private async Task StatusAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder($"Your balance: {TelegramHtml.Bold(ChatTexts.Credits(await credits.BalanceAsync(context, cancellationToken)))} credits.\n\n");
        if (await ActiveProjectAsync(context, cancellationToken) is { } active)
        {
            var tasks = await projects.TasksAsync(active.Id, cancellationToken);
            var position = active.Status == ProjectStatus.Queued ? await projects.QueuePositionAsync(active.Id, cancellationToken) : null;
            text.Append("In progress:\n").Append(ProgressText.Render(active, tasks, position));
        }
        else
        {
            text.Append("No build in progress. Send me a description to start one.");
        }

        outbox.Send(context.ChatId, text.ToString());
    }

    private async Task ProjectsAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var recent = await projects.ListAsync(context.User.Id, RecentProjects, cancellationToken);
        if (recent.Count == 0)
        {
            outbox.Send(context.ChatId, "You have no builds yet. Send me a description to start one.");
            return;
        }

        var text = new StringBuilder("<b>Your recent builds</b>\n");
        var actions = new List<(int, Guid, bool, bool)>();
        for (var i = 0; i < recent.Count; i++)
        {
            var project = recent[i];
            text.Append($"\n#{i + 1} {TelegramHtml.Bold(project.Title)} — {project.Status.ToApi().Replace('_', ' ')}, {project.CreatedAt:yyyy-MM-dd HH:mm} UTC\n")
                .Append(TelegramHtml.Code(project.Id.ToString())).Append('\n');
            actions.Add((i + 1, project.Id, project.Status == ProjectStatus.Completed && project.ArchiveKey is not null, project.PlanMarkdown is not null));
        }

        outbox.Send(context.ChatId, text.ToString(), ChatKeyboards.ProjectActions(actions));
    }

    private async Task CancelAsync(ChatContext context, CancellationToken cancellationToken)
    {
        if (await ActiveProjectAsync(context, cancellationToken) is not { } active)
        {
            outbox.Send(context.ChatId, "There is no build in progress to cancel.");
            return;
        }

        await ButtonActions.CancelProjectAsync(projects, outbox, context, active, cancellationToken);
    }

    private async Task LinkAsync(ChatContext context, string code, CancellationToken cancellationToken)
    {
        if (code.Length == 0)
        {
            outbox.Send(context.ChatId,
                "To link an existing DevBot account, create a code with its API key (<code>POST /api/v1/telegram/link-code</code>) and send <code>/link CODE</code> here.");
            return;
        }

        var (outcome, user) = await accounts.LinkAsync(context.Account, code, cancellationToken);
        outbox.Send(context.ChatId, outcome switch
        {
            LinkOutcome.Linked => $"Linked ✅ This chat now acts as {TelegramHtml.Bold(user!.Name)}: builds and credits are that account's. Balance: {TelegramHtml.Bold(ChatTexts.Credits(await credits.BalanceAsync(context with { User = user }, cancellationToken)))} credits.",
            LinkOutcome.AlreadyLinked => $"This chat is already linked to {TelegramHtml.Bold(user!.Name)}.",
            LinkOutcome.UserLinkedElsewhere => "That DevBot account is already linked to another Telegram account.",
            _ => "That code is not valid: it may be mistyped, used already, or older than 15 minutes. Create a new one and try again.",
        });
    }

    private Task<Project?> ActiveProjectAsync(ChatContext context, CancellationToken cancellationToken) =>
        db.Set<Project>().AsNoTracking()
            .Where(p => p.UserId == context.User.Id
                && p.Status != ProjectStatus.Completed && p.Status != ProjectStatus.Failed && p.Status != ProjectStatus.Cancelled)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
}
