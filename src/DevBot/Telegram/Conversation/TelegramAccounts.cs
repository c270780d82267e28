using System.Security.Cryptography;
using DevBot.Data;
using DevBot.Telegram.Persistence;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using TelegramUser = Telegram.Bot.Types.User;

namespace DevBot.Telegram.Conversation;

public enum LinkOutcome
{
    Linked,
    AlreadyLinked,
    InvalidCode,
    UserLinkedElsewhere,
}

/// <summary>Telegram users as DevBot users: created on first contact, or linked to an API user by a one-time code.</summary>
public sealed class TelegramAccounts(DevBotDbContext db, UserAccounts users, TimeProvider time)
{
    public static readonly TimeSpan LinkCodeLifetime = TimeSpan.FromMinutes(15);

    // No 0/O, 1/I/L: a code is read off one screen and typed on another.
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private const int CodeLength = 10;

    /// <summary>The account of this Telegram user, created (with its DevBot user) on first contact.</summary>
    public async Task<(TelegramAccount Account, User User, bool Created)> EnsureAsync(TelegramUser from, long chatId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var account = await db.Set<TelegramAccount>().FirstOrDefaultAsync(a => a.TelegramUserId == from.Id, cancellationToken);
        if (account is not null)
        {
            var displayName = DisplayName(from);
            if (account.ChatId != chatId || account.Username != from.Username || account.DisplayName != displayName)
            {
                (account.ChatId, account.Username, account.DisplayName, account.UpdatedAt) = (chatId, from.Username, displayName, now);
            }

            var user = await users.FindAsync(account.UserId, cancellationToken)
                ?? throw new InvalidOperationException($"The Telegram account {account.TelegramUserId} names a user that does not exist.");
            return (account, user, false);
        }

        var created = await users.CreateAsync(DisplayName(from), isAdmin: false, Actor.TelegramContact(from.Id), cancellationToken);
        account = new TelegramAccount
        {
            TelegramUserId = from.Id,
            UserId = created.User.Id,
            ChatId = chatId,
            Username = from.Username,
            DisplayName = DisplayName(from),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Set<TelegramAccount>().Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return (account, created.User, true);
    }

    /// <summary>A one-time code for <c>/link</c>; only its hash is stored.</summary>
    public async Task<(string Code, DateTime ExpiresAt)> CreateLinkCodeAsync(Guid userId, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + LinkCodeLifetime;
        db.Set<TelegramLinkCode>().Add(new TelegramLinkCode { CodeHash = HashCode(code), UserId = userId, CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        return (code, expires);
    }

    /// <summary>Points this Telegram account at the code's DevBot user (its builds and credits from then on).</summary>
    public async Task<(LinkOutcome Outcome, User? User)> LinkAsync(TelegramAccount account, string code, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hash = HashCode(code);
        var linkCode = await db.Set<TelegramLinkCode>().FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        if (linkCode is null || linkCode.UsedAt is not null || linkCode.ExpiresAt < now)
        {
            return (LinkOutcome.InvalidCode, null);
        }

        var target = await users.FindAsync(linkCode.UserId, cancellationToken)
            ?? throw new InvalidOperationException("A link code names a user that does not exist.");
        if (account.UserId == target.Id)
        {
            return (LinkOutcome.AlreadyLinked, target);
        }

        if (await db.Set<TelegramAccount>().AnyAsync(a => a.UserId == target.Id && a.TelegramUserId != account.TelegramUserId, cancellationToken))
        {
            return (LinkOutcome.UserLinkedElsewhere, target);
        }

        linkCode.UsedAt = now;
        linkCode.UsedByTelegramUserId = account.TelegramUserId;
        account.UserId = target.Id;
        account.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (LinkOutcome.Linked, target);
    }

    private static string HashCode(string code) => ApiKeyGenerator.Hash("telegram-link:" + code.Trim().ToUpperInvariant());

    private static string DisplayName(TelegramUser from)
    {
        var name = string.Join(' ', new[] { from.FirstName, from.LastName }.Where(p => !string.IsNullOrWhiteSpace(p))).Trim();
        name = name.Length > 0 ? name : from.Username ?? $"telegram {from.Id}";
        return name.Length <= 200 ? name : name[..200];
    }
}
