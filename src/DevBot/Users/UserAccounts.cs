using DevBot.Data;
using DevBot.Shared;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Users;

public sealed record CreatedUser(User User, string ApiKey);

/// <summary>A user as operators list them: who, whether an administrator, balance, and how many active keys.</summary>
public sealed record UserListing(Guid Id, string Name, bool IsAdmin, decimal Balance, int ActiveKeys, DateTime CreatedAt);

/// <summary>Creates, finds and lists users; a new user gets a first API key.</summary>
public sealed class UserAccounts(
    DevBotDbContext db,
    ApiKeys keys,
    TimeProvider time,
    IEnumerable<INewUserHook> newUserHooks,
    IEnumerable<IAccountChangeHook> changeHooks)
{
    public const int MaxNameLength = 200;

    /// <summary>Null when the name is fine; else a sentence saying what is wrong.</summary>
    public static string? ValidateName(string? name) => name?.Trim() switch
    {
        null or { Length: 0 } => "A user's name must not be empty.",
        { Length: > MaxNameLength } => $"A user's name must be at most {MaxNameLength} characters.",
        var trimmed => UserText.Problem(trimmed, "name", multiline: false),
    };

    public async Task<CreatedUser> CreateAsync(string name, bool isAdmin, Actor actor, CancellationToken cancellationToken)
    {
        if (ValidateName(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var user = new User { Name = name.Trim(), IsAdmin = isAdmin, CreatedAt = now };
        db.Set<User>().Add(user);
        foreach (var hook in changeHooks)
        {
            hook.OnChanged(db, new UserCreated(actor, user.Id, user.Name, isAdmin));
        }

        var key = keys.Add(user.Id, "default", actor, now);
        foreach (var hook in newUserHooks)
        {
            hook.OnUserCreated(db, user, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new CreatedUser(user, key.Secret);
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) => db.Set<User>().CountAsync(cancellationToken);

    public Task<User?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);

    /// <summary>Users with exactly this name (names are not unique), oldest first.</summary>
    public async Task<IReadOnlyList<User>> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        await db.Set<User>().AsNoTracking().Where(u => u.Name == name.Trim()).OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).ToListAsync(cancellationToken);

    /// <summary>Every user, oldest first, with their count of active keys.</summary>
    public async Task<IReadOnlyList<UserListing>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<User>().AsNoTracking()
            .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Select(u => new UserListing(u.Id, u.Name, u.IsAdmin, u.Credits,
                db.Set<ApiKey>().Count(k => k.UserId == u.Id && k.RevokedAt == null), u.CreatedAt))
            .ToListAsync(cancellationToken);
}

/// <summary>Lets other features add to a new user in the same transaction (e.g. the initial credit grant).</summary>
public interface INewUserHook
{
    void OnUserCreated(DevBotDbContext db, User user, DateTime now);
}
