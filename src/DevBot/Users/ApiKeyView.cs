namespace DevBot.Users;

/// <summary>An API key as its owner and operators see it: never the secret, only its first characters.</summary>
public sealed record ApiKeyView(Guid Id, string Prefix, string? Label, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool Active => RevokedAt is null;

    public static ApiKeyView From(ApiKey key) => new(key.Id, key.Prefix, key.Label, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>What asking for a new key came to.</summary>
public abstract record KeyIssue;

/// <summary>The new key; <see cref="Secret"/> is shown to its owner this once and stored only as a hash.</summary>
public sealed record IssuedApiKey(ApiKeyView Key, string Secret) : KeyIssue;

/// <summary>The user already has the most active keys allowed; one must be revoked first.</summary>
public sealed record TooManyApiKeys(int Active, int Limit) : KeyIssue;

public enum KeyRevocation
{
    Revoked,
    AlreadyRevoked,

    /// <summary>No such key, or another user's (the two answer the same).</summary>
    NotFound,
}

/// <summary>The user a valid key belongs to (what a request needs of them), and which key it was.</summary>
public sealed record KeyOwner(Guid UserId, string Name, bool IsAdmin, Guid KeyId);
