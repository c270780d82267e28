using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Updates;

namespace DevBot.Telegram.Conversation;

/// <summary>The bot's side of the conversation: routes messages, commands and button presses.</summary>
public sealed class ConversationHandler(
    TelegramAccounts accounts,
    MessageRateLimiter rateLimiter,
    TelegramOutbox outbox,
    ChatCommands commands,
    BuildRequests builds,
    ButtonActions buttons) : IUpdateHandler
{
    public async Task HandleAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken)
    {
        var message = update.Message;
        var callback = update.CallbackQuery;
        var from = message?.From ?? callback?.From;
        var chat = message?.Chat ?? callback?.Message?.Chat;
        if (from is null || from.IsBot || chat is null)
        {
            // Channel posts, edits and the like: nothing to answer.
            return;
        }

        var decision = rateLimiter.Check(from.Id);
        if (!decision.Allowed)
        {
            if (decision.Warn)
            {
                outbox.Send(chat.Id, ChatTexts.SlowDown(decision.RetryAfter));
            }

            effects.CallbackAnswer = "Slow down, please.";
            return;
        }

        var (account, user, created) = await accounts.EnsureAsync(from, chat.Id, cancellationToken);
        var context = new ChatContext(chat.Id, from, account, user, effects);
        if (callback is not null)
        {
            await buttons.HandleAsync(context, callback, cancellationToken);
        }
        else if (message!.Text is not { } text || string.IsNullOrWhiteSpace(text))
        {
            outbox.Send(chat.Id, ChatTexts.TextOnly);
        }
        else if (ChatCommand.Parse(text) is { } command)
        {
            await commands.HandleAsync(context, command, created, cancellationToken);
        }
        else
        {
            await builds.DescribeAsync(context, text, explicitRequest: false, cancellationToken);
        }
    }
}

/// <summary>A command message: <c>/name@Bot argument text</c>.</summary>
public sealed record ChatCommand(string Name, string Argument)
{
    public static ChatCommand? Parse(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('/') || text.Length < 2)
        {
            return null;
        }

        var end = text.IndexOfAny([' ', '\n', '\t']);
        var head = end < 0 ? text[1..] : text[1..end];
        var mention = head.IndexOf('@', StringComparison.Ordinal);
        var name = (mention < 0 ? head : head[..mention]).ToLowerInvariant();
        return new ChatCommand(name, end < 0 ? string.Empty : text[(end + 1)..].Trim());
    }
}
