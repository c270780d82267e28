using DevBot.Data;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using Telegram.Bot.Types;

namespace DevBot.Telegram.Conversation;

/// <summary>
/// Iterating on a delivered project from the chat: "Change…" then the change in words, <c>/change text</c>, a reply
/// to a message about the project, and "Undo last change". Each goes through the same <see cref="ProjectChanges"/>
/// as the HTTP API, in the update's transaction, and its progress and delivery follow like a build's.
/// </summary>
internal sealed class ChangeRequests(
    DevBotDbContext db,
    ProjectService projects,
    ProjectChanges changes,
    DeliveredVersions delivered,
    ChatMemory memory,
    ProjectProgress progress,
    TelegramOutbox outbox,
    TimeProvider time)
{
    /// <summary>"Change…": the project becomes the chat's current one and its next plain message is the change.</summary>
    public async Task<string> AskAsync(ChatContext context, Guid projectId, CancellationToken cancellationToken)
    {
        var words = context.Words;
        if (await projects.FindAsync(context.User.Id, projectId, cancellationToken) is not { } project)
        {
            outbox.Send(context.ChatId, words[TextKey.BuildNotYours]);
            return words[TextKey.AnswerNotFound];
        }

        await memory.RememberAsync(context.ChatId, project.Id, cancellationToken);
        var dialogue = await memory.DialogueAsync(context.ChatId, cancellationToken);
        memory.Reset(dialogue, DialogueState.AwaitingChange);
        outbox.Send(context.ChatId, words.Html(TextKey.ChangeAsk, ("title", HtmlFragment.Bold(project.Title))), projectId: project.Id);
        return words[TextKey.AnswerChangeAsk];
    }

    /// <summary>
    /// A plain message that is a change: a reply to a message about a project, or the text the chat was asked for
    /// after "Change…". False when the message is neither (it is then a description, as before).
    /// </summary>
    public async Task<bool> TryHandleAsync(ChatContext context, Message message, string text, CancellationToken cancellationToken)
    {
        if (message.ReplyToMessage is { } replied
            && await memory.ProjectOfMessageAsync(context.ChatId, replied.MessageId, cancellationToken) is { } repliedProject)
        {
            await RequestAsync(context, repliedProject, text, cancellationToken);
            return true;
        }

        var dialogue = await memory.DialogueAsync(context.ChatId, cancellationToken);
        if (dialogue.State != DialogueState.AwaitingChange)
        {
            return false;
        }

        if (await memory.CurrentAsync(context.ChatId, cancellationToken) is not { } current)
        {
            // The memory ran out while the chat was waiting: the text is what it would be without the prompt.
            memory.Reset(dialogue, DialogueState.Idle);
            return false;
        }

        if (SmallTalk.Classify(text) == SmallTalkKind.Greeting)
        {
            // "ok", "thanks": no change anyone means; still waiting for it. (Two words, "add Kelvin", may well be one.)
            var title = await projects.FindAsync(context.User.Id, current, cancellationToken) is { } project ? project.Title : string.Empty;
            outbox.Send(context.ChatId, context.Words.Html(TextKey.ChangeTooShort, ("title", HtmlFragment.Bold(title))), projectId: current);
            return true;
        }

        await RequestAsync(context, current, text, cancellationToken);
        return true;
    }

    /// <summary><c>/change text</c>: a change of the chat's current project.</summary>
    public async Task CommandAsync(ChatContext context, string instruction, CancellationToken cancellationToken)
    {
        var words = context.Words;
        if (await memory.CurrentAsync(context.ChatId, cancellationToken) is not { } current
            || await projects.FindAsync(context.User.Id, current, cancellationToken) is not { } project)
        {
            outbox.Send(context.ChatId, words[TextKey.ChangeNoProject]);
            return;
        }

        if (string.IsNullOrWhiteSpace(instruction))
        {
            outbox.Send(context.ChatId, words.Html(TextKey.ChangeUsage, ("title", HtmlFragment.Bold(project.Title))), projectId: project.Id);
            return;
        }

        await RequestAsync(context, project.Id, instruction, cancellationToken);
    }

    /// <summary>Queues a change of the project; every refusal is one sentence in the chat. Returns the button's short answer.</summary>
    public async Task<string> RequestAsync(ChatContext context, Guid projectId, string instruction, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var trimmed = instruction.Trim();

        // The two mistakes a chat makes are said in its words; the same rules as the API's (ProjectChanges.ValidateInstruction).
        if (trimmed.Length == 0)
        {
            outbox.Send(context.ChatId, words[TextKey.ChangeEmpty], projectId: projectId);
            return words[TextKey.AnswerRefused];
        }

        if (trimmed.Length > ProjectLimits.MaxDescriptionLength)
        {
            outbox.Send(context.ChatId, words.Html(TextKey.ChangeTooLong, ("length", trimmed.Length), ("max", ProjectLimits.MaxDescriptionLength)), projectId: projectId);
            return words[TextKey.AnswerRefused];
        }

        var result = await changes.RequestChangeAsync(context.User.Id, projectId, trimmed, null, cancellationToken);
        return await AnswerAsync(context, projectId, result, cancellationToken);
    }

    /// <summary>"Undo last change" on the delivery of <paramref name="version"/>: a new version with the files of the one it was made from.</summary>
    public async Task<string> UndoAsync(ChatContext context, Guid projectId, int version, CancellationToken cancellationToken)
    {
        var words = context.Words;
        if (await projects.FindAsync(context.User.Id, projectId, cancellationToken) is not { } project)
        {
            outbox.Send(context.ChatId, words[TextKey.BuildNotYours]);
            return words[TextKey.AnswerNotFound];
        }

        var title = HtmlFragment.Bold(project.Title);
        if (!project.Status.IsTerminal())
        {
            outbox.Send(context.ChatId, words.Html(TextKey.ChangeBusy, ("title", title)), projectId: project.Id);
            return words[TextKey.AnswerBusy];
        }

        if (project.Version != version)
        {
            // A button under an older delivery: undoing it now would throw away the changes made since.
            outbox.Send(context.ChatId, words.Html(TextKey.UndoStale, ("title", title), ("version", version), ("current", project.Version)), projectId: project.Id);
            return words[TextKey.AnswerNoLongerCurrent];
        }

        if (await delivered.CurrentAsync(project, cancellationToken) is not { BaseVersion: { } previous })
        {
            outbox.Send(context.ChatId, words.Html(TextKey.UndoNothing, ("title", title)), projectId: project.Id);
            return words[TextKey.AnswerRefused];
        }

        var result = await changes.RequestRestoreAsync(context.User.Id, projectId, previous, cancellationToken);
        return await AnswerAsync(context, projectId, result, cancellationToken);
    }

    private async Task<string> AnswerAsync(ChatContext context, Guid projectId, VersionRequest result, CancellationToken cancellationToken)
    {
        var words = context.Words;
        switch (result)
        {
            case VersionRequest.Queued { Version: var queued }:
                await FollowAsync(context, queued, cancellationToken);
                return words.Plain(TextKey.AnswerQueued, ("position", queued.QueuePosition));
            case VersionRequest.Invalid invalid:
                // What else the rules refuse (a control character, a broken surrogate) in the API's own sentence.
                outbox.Send(context.ChatId, TelegramHtml.Escape(invalid.Reason), projectId: projectId);
                return words[TextKey.AnswerRefused];
            case VersionRequest.QueueFull { Limit: var full }:
                outbox.Send(context.ChatId, words.Html(TextKey.ChangeQueueFull, ("queued", full.Queued), ("limit", full.Limit)), projectId: projectId);
                return words[TextKey.AnswerQueueFull];
            case VersionRequest.Conflict:
                outbox.Send(context.ChatId, await ConflictTextAsync(context, projectId, cancellationToken), projectId: projectId);
                return words[TextKey.AnswerBusy];
            default:
                outbox.Send(context.ChatId, words[TextKey.BuildNotYours]);
                return words[TextKey.AnswerNotFound];
        }
    }

    /// <summary>Why a version could not begin, told from the project's state (never from the reason's wording).</summary>
    private async Task<string> ConflictTextAsync(ChatContext context, Guid projectId, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var project = await projects.FindAsync(context.User.Id, projectId, cancellationToken);
        var title = HtmlFragment.Bold(project?.Title ?? string.Empty);
        return project is { Version: < 1 } && project.Status.IsTerminal()
            ? words.Html(TextKey.ChangeNotDelivered, ("title", title))
            : words.Html(TextKey.ChangeBusy, ("title", title));
    }

    /// <summary>The queued version is followed in this chat like a build: a new progress message, then its ZIP.</summary>
    private async Task FollowAsync(ChatContext context, QueuedVersion queued, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var now = time.GetUtcNow().UtcDateTime;
        await memory.RememberAsync(context.ChatId, queued.ProjectId, cancellationToken);
        memory.Reset(await memory.DialogueAsync(context.ChatId, cancellationToken), DialogueState.Idle);

        var chat = await db.Set<ProjectChat>().FindAsync([queued.ProjectId], cancellationToken);
        if (chat is null)
        {
            chat = new ProjectChat { ProjectId = queued.ProjectId, CreatedAt = now };
            db.Set<ProjectChat>().Add(chat);
        }

        // The new version gets a progress message of its own; the last one keeps telling how its version ended.
        chat.ChatId = context.ChatId;
        chat.ProgressMessageId = null;
        chat.LastEventType = BuildEventKinds.ChangeQueued;
        chat.Language = words.Language;
        chat.UpdatedAt = now;

        var project = await projects.FindAsync(context.User.Id, queued.ProjectId, cancellationToken);
        var title = HtmlFragment.Bold(project?.Title ?? string.Empty);
        var announcement = queued.Kind == VersionKind.Restore
            ? words.Html(TextKey.UndoQueued, ("title", title), ("version", queued.Version), ("restored", queued.RestoredFrom ?? 0))
            : words.Html(TextKey.ChangeQueued, ("title", title), ("version", queued.Version));
        outbox.Send(context.ChatId, announcement, projectId: queued.ProjectId);
        await db.SaveChangesAsync(cancellationToken);
        await progress.PublishAsync(queued.ProjectId, context.ChatId, null, words, cancellationToken);
        context.Effects.WorkQueued = true;
    }
}
