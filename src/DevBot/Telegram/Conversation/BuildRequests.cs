using System.Security.Cryptography;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Conversation;

/// <summary>
/// From a description to a queued build: the description is kept as a draft, the stack buttons confirm it,
/// and the confirmation submits it through the same <see cref="ProjectService"/> as the HTTP API.
/// </summary>
internal sealed class BuildRequests(
    DevBotDbContext db,
    ProjectService projects,
    ProjectQueries projectQueries,
    ProjectProgress progress,
    ChatMemory memory,
    TelegramOutbox outbox,
    IOptions<TelegramOptions> options,
    TimeProvider time)
{
    /// <summary>A bare <c>/new</c> (or <c>/build</c>): the next message is the description.</summary>
    public async Task AskForDescriptionAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var dialogue = await DialogueAsync(context.ChatId, cancellationToken);
        Reset(dialogue, DialogueState.AwaitingDescription);
        outbox.Send(context.ChatId, context.Words[TextKey.AskForDescription]);
    }

    /// <summary>
    /// A description arrived. After <c>/new</c> it is the request; a plain message outside any dialogue may be
    /// chat, so it is echoed back with the buttons that confirm it. Either way nothing is built before a press,
    /// and a greeting or a couple of words get help instead of buttons.
    /// </summary>
    public async Task DescribeAsync(ChatContext context, string text, bool explicitRequest, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var dialogue = await DialogueAsync(context.ChatId, cancellationToken);
        var requested = explicitRequest || dialogue.State == DialogueState.AwaitingDescription;
        var smallTalk = SmallTalk.Classify(text);
        if (smallTalk != SmallTalkKind.None)
        {
            if (requested)
            {
                // Asked for a description, got "hi": ask again, still waiting for it.
                Reset(dialogue, DialogueState.AwaitingDescription);
                outbox.Send(context.ChatId, words[TextKey.DescriptionTooShort] + "\n\n" + words[TextKey.AskForDescription]);
                return;
            }

            var opening = smallTalk == SmallTalkKind.Greeting
                ? words.Html(TextKey.SmallTalkGreeting, ("name", context.From.FirstName))
                : words[TextKey.DescriptionTooShort];
            outbox.Send(context.ChatId, opening + "\n\n" + words[TextKey.SmallTalkExample] + "\n\n" + ChatCommands.HelpText(words));
            return;
        }

        var trimmed = text.Trim();
        if (trimmed.Length > ProjectLimits.MaxDescriptionLength)
        {
            outbox.Send(context.ChatId, words.Html(TextKey.DescriptionTooLong, ("length", trimmed.Length), ("max", ProjectLimits.MaxDescriptionLength)));
            return;
        }

        if (ProjectService.Validate(text, null, null) is { } problem)
        {
            outbox.Send(context.ChatId, TelegramHtml.Escape(problem));
            return;
        }

        Reset(dialogue, DialogueState.AwaitingStack);
        dialogue.DraftId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        dialogue.DraftDescription = trimmed;
        var preview = HtmlFragment.Italic(FailureExplainer.OneLine(text, 400));
        outbox.Send(context.ChatId,
            words.Html(requested ? TextKey.DraftRequested : TextKey.DraftOffered, ("preview", preview)),
            ChatKeyboards.StackChoice(dialogue.DraftId, words));
    }

    /// <summary>A stack button: submits the draft it belongs to; returns the button's short answer.</summary>
    public async Task<string> ConfirmAsync(ChatContext context, string draftId, string? stackCode, long? draftMessageId, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var dialogue = await DialogueAsync(context.ChatId, cancellationToken);
        if (dialogue.State != DialogueState.AwaitingStack || dialogue.DraftId != draftId || dialogue.DraftDescription is null)
        {
            outbox.Send(context.ChatId, words[TextKey.DraftStale]);
            return words[TextKey.AnswerNoLongerCurrent];
        }

        if (StackChoices.Find(stackCode) is not { } stack)
        {
            return words[TextKey.AnswerUnknownChoice];
        }

        var now = time.GetUtcNow().UtcDateTime;
        var limit = options.Value.MaxBuildsPerHour;
        var recent = await projectQueries.CountCreatedSinceAsync(context.User.Id, now.AddHours(-1), cancellationToken);
        if (recent >= limit)
        {
            outbox.Send(context.ChatId, words.Html(TextKey.TooManyBuilds, ("count", recent)));
            return words[TextKey.AnswerSlowDown];
        }

        var outcome = await projects.SubmitAsync(context.User.Id, dialogue.DraftDescription, null, stack.Stack, context.Actor, cancellationToken);
        if (outcome is QueueLimitReached full)
        {
            // The draft is kept, so the button works again once one of the user's builds has started.
            outbox.Send(context.ChatId, words.Html(TextKey.QueueFull, ("queued", full.Queued), ("limit", full.Limit)));
            return words[TextKey.AnswerQueueFull];
        }

        var submitted = (SubmittedProject)outcome;

        Reset(dialogue, DialogueState.Idle);
        await memory.RememberAsync(context.ChatId, submitted.Project.Id, cancellationToken);

        // The draft message becomes the build's progress message: one message tells the whole story, in the
        // language of the chat that asked for it.
        db.Set<ProjectChat>().Add(new ProjectChat
        {
            ProjectId = submitted.Project.Id,
            ChatId = context.ChatId,
            ProgressMessageId = draftMessageId,
            LastEventType = BuildEventKinds.Queued,
            Language = words.Language,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await progress.PublishAsync(submitted.Project.Id, context.ChatId, null, words, cancellationToken);
        context.Effects.WorkQueued = true;
        return words.Plain(TextKey.AnswerQueued, ("position", submitted.QueuePosition));
    }

    public async Task<string> DropAsync(ChatContext context, string draftId, CancellationToken cancellationToken)
    {
        var dialogue = await DialogueAsync(context.ChatId, cancellationToken);
        if (dialogue.DraftId == draftId)
        {
            Reset(dialogue, DialogueState.Idle);
            outbox.Send(context.ChatId, context.Words[TextKey.DraftDropped]);
        }

        return context.Words[TextKey.AnswerDropped];
    }

    private Task<ChatDialogue> DialogueAsync(long chatId, CancellationToken cancellationToken) => memory.DialogueAsync(chatId, cancellationToken);

    private void Reset(ChatDialogue dialogue, DialogueState state) => memory.Reset(dialogue, state);
}
