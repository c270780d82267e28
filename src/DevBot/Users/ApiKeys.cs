using DevBot.Data;
using DevBot.Shared;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Users;

/// <summary>Issues, lists, revokes and checks API keys; every issue and revocation reaches the account hooks (the audit log).</summary>
public sealed class ApiKeys(DevBotDbContext db, ApiKeyUsage usage, TimeProvider time, IEnumerable<IAccountChangeHook> hooks)
{
    /// <summary>Active keys one user may hold; keys are cheap to make, so a runaway script is stopped here.</summary>
    public const int MaxActivePerUser = 25;

    public const int MaxLabelLength = 100;

    /// <summary>Null when the label is fine (it is optional); else a sentence saying what is wrong.</summary>
    public static string? ValidateLabel(string? label) => label switch
    {
        null => null,
        { Length: > MaxLabelLength } => $"The label is too long; keep it under {MaxLabelLength} characters.",
        _ => UserText.Problem(label, "label", multiline: false),
    };

    public async Task<KeyIssue> IssueAsync(Guid userId, string? label, Actor actor, CancellationToken cancellationToken)
    {
        if (ValidateLabel(label) is { } problem)
        {
            throw new ArgumentException(problem, nameof(label));
        }

        await using var transaction = await JoinedTransaction.BeginOrJoinAsync(db, cancellationToken);
        var active = await db.Set<ApiKey>().CountAsync(k => k.UserId == userId && k.RevokedAt == null, cancellationToken);
        if (active >= MaxActivePerUser)
        {
            return new TooManyApiKeys(active, MaxActivePerUser);
        }

        var issued = Add(userId, string.IsNullOrWhiteSpace(label) ? null : label.Trim(), actor, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }

    /// <summary>The user's keys, newest first, revoked ones included (with when).</summary>
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var keys = await db.Set<ApiKey>().AsNoTracking().Where(k => k.UserId == userId)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .ToListAsync(cancellationToken);
        return keys.Select(ApiKeyView.From).ToList();
    }

    /// <summary>Revokes one of the user's keys: the next request with it is refused.</summary>
    public async Task<KeyRevocation> RevokeAsync(Guid userId, Guid keyId, Actor actor, CancellationToken cancellationToken)
    {
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);
        if (key is null)
        {
            return KeyRevocation.NotFound;
        }

        if (key.RevokedAt is not null)
        {
            return KeyRevocation.AlreadyRevoked;
        }

        Revoke(key, actor, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return KeyRevocation.Revoked;
    }

    /// <summary>Revokes every active key of the user; how many there were.</summary>
    public async Task<int> RevokeAllAsync(Guid userId, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var keys = await db.Set<ApiKey>().Where(k => k.UserId == userId && k.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            Revoke(key, actor, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return keys.Count;
    }

    /// <summary>
    /// The owner of an active key, or null. Revocation takes effect here, on the next request. Every API request
    /// passes through this, so it is one plain query on a briefly opened connection (see <see cref="DirectConnection"/>).
    /// </summary>
    public async Task<KeyOwner?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        await using var connection = await DirectConnection.OpenAsync(db, cancellationToken);
        await using var command = RawSql.Command(connection, """
            SELECT k.id, u.id, u.name, u.is_admin FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL
            LIMIT 1
            """).Bind("@hash", ApiKeyGenerator.Hash(secret));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var owner = new KeyOwner(reader.GetGuid(1), reader.GetString(2), reader.GetBoolean(3), reader.GetGuid(0));
        usage.Record(owner.KeyId, time.GetUtcNow().UtcDateTime);
        return owner;
    }

    /// <summary>Adds a key to the caller's unit of work (a new user's first key is saved with the user).</summary>
    internal IssuedApiKey Add(Guid userId, string? label, Actor actor, DateTime now)
    {
        var secret = ApiKeyGenerator.NewKey();
        var key = new ApiKey
        {
            UserId = userId,
            KeyHash = ApiKeyGenerator.Hash(secret),
            Prefix = ApiKeyGenerator.DisplayPrefix(secret),
            Label = label,
            CreatedAt = now,
        };
        db.Set<ApiKey>().Add(key);
        Notify(new ApiKeyCreated(actor, userId, key.Id, key.Prefix, label));
        return new IssuedApiKey(ApiKeyView.From(key), secret);
    }

    private void Revoke(ApiKey key, Actor actor, DateTime now)
    {
        key.RevokedAt = now;
        Notify(new ApiKeyRevoked(actor, key.UserId, key.Id, key.Prefix));
    }

    private void Notify(AccountChange change)
    {
        foreach (var hook in hooks)
        {
            hook.OnChanged(db, change);
        }
    }
}
