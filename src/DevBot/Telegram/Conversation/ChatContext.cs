using DevBot.Audit;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using DevBot.Telegram.Updates;
using DevBot.Users;
using TelegramUser = Telegram.Bot.Types.User;

namespace DevBot.Telegram.Conversation;

/// <summary>Who is talking, where, as which DevBot user, and in which language — for one update.</summary>
public sealed record ChatContext(long ChatId, TelegramUser From, TelegramAccount Account, User User, Words Words, UpdateEffects Effects)
{
    /// <summary>Who acts, for the audit log.</summary>
    public Actor Actor => Actor.Telegram(User.Id, From.Id);
}
