using DevBot.Data;
using DevBot.Users;

namespace DevBot.Audit;

/// <summary>Writes users created and API keys issued and revoked to the audit log, in the transaction that changes them.</summary>
internal sealed class AccountAudit(AuditTrail audit) : IAccountChangeHook
{
    public const string UserCreatedAction = "user.created";
    public const string KeyCreatedAction = "apikey.created";
    public const string KeyRevokedAction = "apikey.revoked";

    public void OnChanged(DevBotDbContext db, AccountChange change)
    {
        switch (change)
        {
            case UserCreated created:
                audit.Add(db, created.Actor, UserCreatedAction, new { userId = created.UserId, name = created.Name, isAdmin = created.IsAdmin }, created.UserId);
                break;
            case ApiKeyCreated key:
                audit.Add(db, key.Actor, KeyCreatedAction, new { keyId = key.KeyId, prefix = key.Prefix, label = key.Label }, key.UserId);
                break;
            case ApiKeyRevoked key:
                audit.Add(db, key.Actor, KeyRevokedAction, new { keyId = key.KeyId, prefix = key.Prefix }, key.UserId);
                break;
        }
    }
}
