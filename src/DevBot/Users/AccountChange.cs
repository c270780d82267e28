using DevBot.Data;

namespace DevBot.Users;

/// <summary>A change to a user or their API keys, handed to <see cref="IAccountChangeHook"/>s in the same unit of work.</summary>
public abstract record AccountChange(Actor Actor, Guid UserId);

public sealed record UserCreated(Actor Actor, Guid UserId, string Name, bool IsAdmin) : AccountChange(Actor, UserId);

public sealed record ApiKeyCreated(Actor Actor, Guid UserId, Guid KeyId, string Prefix, string? Label) : AccountChange(Actor, UserId);

public sealed record ApiKeyRevoked(Actor Actor, Guid UserId, Guid KeyId, string Prefix) : AccountChange(Actor, UserId);

/// <summary>
/// Lets other features record account changes in the same transaction as the change (the audit log does), without
/// this folder depending on them.
/// </summary>
public interface IAccountChangeHook
{
    void OnChanged(DevBotDbContext db, AccountChange change);
}
