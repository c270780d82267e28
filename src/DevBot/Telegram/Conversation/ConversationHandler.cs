using DevBot.Telegram.Outbox;
using DevBot.Telegram.Payments;
using DevBot.Telegram.Texts;
using DevBot.Telegram.Updates;
using Telegram.Bot.Types;

namespace DevBot.Telegram.Conversation;

/// <summary>
/// The bot's side of the conversation: routes messages, commands, button presses and Stars payments. A plain message
/// is a change when it replies to a message about a project or follows "Change…", else a description.
/// </summary>
internal sealed class ConversationHandler(
    TelegramAccounts accounts,
    MessageRateLimiter rateLimiter,
    TelegramOutbox outbox,
    BotTexts texts,
    ChatCommands commands,
    BuildRequests builds,
    ChangeRequests changes,
    ButtonActions buttons,
    StarPayments payments) : IUpdateHandler
{
    public async Task HandleAsync(Update update, UpdateEffects effects, CancellationToken cancellationToken)
    {
        if (update.PreCheckoutQuery is { } query)
        {
            // Answered whatever the rate: Telegram waits for it, and a refusal here is a failed payment.
            effects.PreCheckoutRefusal = payments.Check(query, texts.For(query.From.LanguageCode));
            return;
        }

        var message = update.Message;
        var callback = update.CallbackQuery;
        var from = message?.From ?? callback?.From;
        var chat = message?.Chat ?? callback?.Message?.Chat;
        if (from is null || from.IsBot || chat is null)
        {
            // Channel posts, edits and the like: nothing to answer.
            return;
        }

        var words = texts.For(from.LanguageCode);
        var (account, user, created) = await accounts.EnsureAsync(from, chat.Id, cancellationToken);
        var context = new ChatContext(chat.Id, from, account, user, words, effects);
        if (message?.SuccessfulPayment is { } payment)
        {
            // Money has moved: never rate-limited, never dropped.
            await payments.CreditAsync(context, payment, cancellationToken);
            return;
        }

        var decision = rateLimiter.Check(from.Id);
        if (!decision.Allowed)
        {
            if (decision.Warn)
            {
                outbox.Send(chat.Id, words.Html(TextKey.SlowDown, ("seconds", Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)))));
            }

            effects.CallbackAnswer = words[TextKey.AnswerSlowDown];
            return;
        }

        if (callback is not null)
        {
            await buttons.HandleAsync(context, callback, cancellationToken);
        }
        else if (message!.Text is not { } text || string.IsNullOrWhiteSpace(text))
        {
            outbox.Send(chat.Id, words[TextKey.TextOnly]);
        }
        else if (ChatCommand.Parse(text) is { } command)
        {
            await commands.HandleAsync(context, command, created, cancellationToken);
        }
        else if (!await changes.TryHandleAsync(context, message, text, cancellationToken))
        {
            await builds.DescribeAsync(context, text, explicitRequest: false, cancellationToken);
        }
    }
}

/// <summary>A command message: <c>/name@Bot argument text</c>.</summary>
internal sealed record ChatCommand(string Name, string Argument)
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
