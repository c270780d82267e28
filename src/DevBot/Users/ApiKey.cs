namespace DevBot.Users;

/// <summary>An HTTP API key; only its SHA-256 hash is stored, the key itself is shown once.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string KeyHash { get; set; }

    /// <summary>The first characters of the key, so a user can tell keys apart without the secret.</summary>
    public required string Prefix { get; set; }

    public string? Label { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
