using DevBot.Telegram.BotApi;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Updates;
using DevBot.Users;

namespace DevBot.Telegram.Conversation;

/// <summary>Who is talking, where, and as which DevBot user — for one update.</summary>
public sealed record ChatContext(long ChatId, TelegramUser From, TelegramAccount Account, User User, UpdateEffects Effects)
{
    /// <summary>Who acts, for the audit log.</summary>
    public Actor Actor => Actor.Telegram(User.Id, From.Id);
}
