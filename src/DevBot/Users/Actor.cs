namespace DevBot.Users;

/// <summary>
/// Who performed an action, for the audit log: a DevBot user (over HTTP or Telegram), an operator at the command
/// line, a payment provider.
/// </summary>
public sealed record Actor(Guid? UserId, string Name)
{
    public static readonly Actor CommandLine = new(null, "cli");
    public static readonly Actor Stripe = new(null, "stripe");

    /// <summary>Purchases granted at once because <c>MOCK_STRIPE_PAYMENTS=true</c> (no payment was taken).</summary>
    public static readonly Actor MockPayments = new(null, "mock-payments");

    public static Actor Api(Guid userId) => new(userId, $"api:{userId}");

    public static Actor Telegram(Guid userId, long telegramUserId) => new(userId, $"telegram:{telegramUserId}");

    /// <summary>A Telegram user's first message, before they have a DevBot user.</summary>
    public static Actor TelegramContact(long telegramUserId) => new(null, $"telegram:{telegramUserId}");
}
