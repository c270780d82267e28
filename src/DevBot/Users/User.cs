namespace DevBot.Users;

public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public bool IsAdmin { get; set; }

    /// <summary>Cached balance; the ledger (credit transactions) is the source of truth it must always equal.</summary>
    public decimal Credits { get; set; }

    public DateTime CreatedAt { get; set; }
}
