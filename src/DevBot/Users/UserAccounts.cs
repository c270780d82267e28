using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Users;

public sealed record CreatedUser(User User, string ApiKey);

/// <summary>Creates users and issues their API keys.</summary>
public sealed class UserAccounts(DevBotDbContext db, TimeProvider time, IEnumerable<INewUserHook> newUserHooks)
{
    public async Task<CreatedUser> CreateAsync(string name, bool isAdmin, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200)
        {
            throw new ArgumentException("A user's name must be 1 to 200 characters.", nameof(name));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var user = new User { Name = name, IsAdmin = isAdmin, CreatedAt = now };
        db.Set<User>().Add(user);
        var key = AddApiKey(user.Id, "default", now);
        foreach (var hook in newUserHooks)
        {
            hook.OnUserCreated(db, user, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new CreatedUser(user, key);
    }

    public async Task<string> IssueApiKeyAsync(Guid userId, string label, CancellationToken cancellationToken)
    {
        var key = AddApiKey(userId, label, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    /// <summary>The first user created with this name, or null.</summary>
    public Task<User?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        db.Set<User>().AsNoTracking().Where(u => u.Name == name).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    public async Task<User?> FindByApiKeyAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeyGenerator.Hash(key);
        var match = await db.Set<ApiKey>()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Join(db.Set<User>(), k => k.UserId, u => u.Id, (k, u) => u)
            .FirstOrDefaultAsync(cancellationToken);
        return match;
    }

    private string AddApiKey(Guid userId, string label, DateTime now)
    {
        var key = ApiKeyGenerator.NewKey();
        db.Set<ApiKey>().Add(new ApiKey
        {
            UserId = userId,
            KeyHash = ApiKeyGenerator.Hash(key),
            Prefix = ApiKeyGenerator.DisplayPrefix(key),
            Label = label,
            CreatedAt = now,
        });
        return key;
    }
}

/// <summary>Lets other features add to a new user in the same transaction (e.g. the initial credit grant).</summary>
public interface INewUserHook
{
    void OnUserCreated(DevBotDbContext db, User user, DateTime now);
}
