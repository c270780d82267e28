using System.Text;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Texts;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Conversation;

/// <summary>The slash commands.</summary>
internal sealed class ChatCommands(
    ProjectService projects,
    ProjectQueries projectQueries,
    ApiKeyCommand apiKeys,
    TelegramAccounts accounts,
    BuildRequests builds,
    ChangeRequests changes,
    ChatMemory memory,
    AdminCommand admin,
    CreditCommands credits,
    TelegramOutbox outbox)
{
    private const int RecentProjects = 5;

    public async Task HandleAsync(ChatContext context, ChatCommand command, bool newUser, CancellationToken cancellationToken)
    {
        var words = context.Words;
        switch (command.Name)
        {
            case "start":
                var balance = HtmlFragment.Bold(Credits(await credits.BalanceAsync(context, cancellationToken)));
                outbox.Send(context.ChatId,
                    words.Html(newUser ? TextKey.StartWelcome : TextKey.StartWelcomeBack, ("name", context.From.FirstName))
                    + "\n\n" + words.Html(TextKey.StartIntro, ("credits", balance)));
                break;
            case "credits" or "balance":
                await credits.CreditsAsync(context, cancellationToken);
                break;
            case "buy":
                credits.Buy(context, command.Argument);
                break;
            case "help":
                outbox.Send(context.ChatId, HelpText(words));
                break;

            // /build and /history are the names the bot had before; both keep working.
            case "new" or "build" when command.Argument.Length == 0:
                await builds.AskForDescriptionAsync(context, cancellationToken);
                break;
            case "new" or "build":
                await builds.DescribeAsync(context, command.Argument, explicitRequest: true, cancellationToken);
                break;
            case "change":
                await changes.CommandAsync(context, command.Argument, cancellationToken);
                break;
            case "status":
                await StatusAsync(context, cancellationToken);
                break;
            case "projects" or "history":
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
                await admin.HandleAsync(context, command.Argument, cancellationToken);
                break;
            default:
                outbox.Send(context.ChatId, words.Html(TextKey.UnknownCommand, ("command", "/" + command.Name), ("help", new HtmlFragment(HelpText(words)))));
                break;
        }
    }

    public static string HelpText(Words words) => words[TextKey.Help];

    public static string Credits(decimal credits) => Billing.CreditFormat.Show(credits);

    private async Task StatusAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var text = new StringBuilder(words.Html(TextKey.YourBalance, ("credits", HtmlFragment.Bold(Credits(await credits.BalanceAsync(context, cancellationToken)))))).Append("\n\n");
        if (await ActiveProjectAsync(context, cancellationToken) is { } active)
        {
            var tasks = await projects.TasksAsync(active.Id, cancellationToken);
            var position = active.Status == ProjectStatus.Queued ? await projects.QueuePositionAsync(active.Id, cancellationToken) : null;
            text.Append(words[TextKey.StatusInProgress]).Append('\n').Append(ProgressText.Render(words, active, tasks, position));
        }
        else
        {
            text.Append(words[TextKey.StatusNothingRunning]);
        }

        outbox.Send(context.ChatId, text.ToString());
    }

    /// <summary>The recent projects, the chat's current one marked, with buttons to get a ZIP, see a plan, or switch to one.</summary>
    private async Task ProjectsAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var recent = await projects.ListAsync(context.User.Id, RecentProjects, cancellationToken);
        if (recent.Count == 0)
        {
            outbox.Send(context.ChatId, words[TextKey.ProjectsNone]);
            return;
        }

        var current = await memory.CurrentAsync(context.ChatId, cancellationToken);
        var text = new StringBuilder(words[TextKey.ProjectsHeading]).Append('\n');
        var entries = new List<ProjectListEntry>();
        for (var i = 0; i < recent.Count; i++)
        {
            var project = recent[i];
            text.Append('\n')
                .Append(words.Html(TextKey.ProjectsItem,
                    ("number", i + 1),
                    ("title", HtmlFragment.Bold(project.Title)),
                    ("status", words[TextKey.Of(project.Status)]),
                    ("created", project.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))));
            if (project.Id == current)
            {
                text.Append(' ').Append(words[TextKey.ProjectsCurrent]);
            }

            text.Append('\n').Append(TelegramHtml.Code(project.Id.ToString())).Append('\n');
            entries.Add(new ProjectListEntry(i + 1, project.Id, project.Status == ProjectStatus.Completed && project.ArchiveKey is not null,
                project.PlanMarkdown is not null, CanUse: project.Id != current));
        }

        text.Append('\n').Append(words[current is null ? TextKey.ProjectsPick : TextKey.ProjectsSwitch]);
        outbox.Send(context.ChatId, text.ToString(), ChatKeyboards.ProjectActions(entries, words));
    }

    private async Task CancelAsync(ChatContext context, CancellationToken cancellationToken)
    {
        if (await ActiveProjectAsync(context, cancellationToken) is not { } active)
        {
            outbox.Send(context.ChatId, context.Words[TextKey.CancelNothing]);
            return;
        }

        await ButtonActions.CancelProjectAsync(projects, outbox, context, active, cancellationToken);
    }

    private async Task LinkAsync(ChatContext context, string code, CancellationToken cancellationToken)
    {
        var words = context.Words;
        if (code.Length == 0)
        {
            outbox.Send(context.ChatId, words[TextKey.LinkHow]);
            return;
        }

        var (outcome, user) = await accounts.LinkAsync(context.Account, code, cancellationToken);
        outbox.Send(context.ChatId, outcome switch
        {
            LinkOutcome.Linked => words.Html(TextKey.LinkLinked,
                ("name", HtmlFragment.Bold(user!.Name)),
                ("credits", HtmlFragment.Bold(Credits(await credits.BalanceAsync(context with { User = user }, cancellationToken))))),
            LinkOutcome.AlreadyLinked => words.Html(TextKey.LinkAlready, ("name", HtmlFragment.Bold(user!.Name))),
            LinkOutcome.UserLinkedElsewhere => words[TextKey.LinkElsewhere],
            _ => words[TextKey.LinkInvalid],
        });
    }

    private Task<Project?> ActiveProjectAsync(ChatContext context, CancellationToken cancellationToken) =>
        projectQueries.LatestUnfinishedAsync(context.User.Id, cancellationToken);
}
