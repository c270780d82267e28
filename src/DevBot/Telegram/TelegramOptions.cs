using System.ComponentModel.DataAnnotations;
using DevBot.Telegram.Payments;

namespace DevBot.Telegram;

/// <summary>The Telegram bot's settings; an empty <c>TELEGRAM_BOT_TOKEN</c> leaves the bot off.</summary>
internal sealed class TelegramOptions
{
    public const string DefaultApiBaseUrl = "https://api.telegram.org";
    public const string DefaultStarsPacks = "starter:500:250,standard:1100:500,pro:3000:1250";

    [ConfigurationKeyName("TELEGRAM_BOT_TOKEN")]
    public string? BotToken { get; set; }

    /// <summary>A self-hosted Bot API server (or a test stand-in) instead of the public one.</summary>
    [ConfigurationKeyName("TELEGRAM_API_BASE_URL")]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Public URL of <c>POST /api/v1/telegram/webhook</c>; set → webhook mode, empty → long polling.</summary>
    [ConfigurationKeyName("TELEGRAM_WEBHOOK_URL")]
    public string? WebhookUrl { get; set; }

    /// <summary>Sent by Telegram in <c>X-Telegram-Bot-Api-Secret-Token</c>; required in webhook mode.</summary>
    [ConfigurationKeyName("TELEGRAM_WEBHOOK_SECRET")]
    public string? WebhookSecret { get; set; }

    /// <summary>Comma-separated Telegram user ids allowed to use <c>/admin</c>.</summary>
    [ConfigurationKeyName("ADMIN_TELEGRAM_IDS")]
    public string? AdminTelegramIds { get; set; }

    /// <summary>Seconds one getUpdates long poll waits for news.</summary>
    [ConfigurationKeyName("TELEGRAM_POLL_TIMEOUT_SECONDS")]
    [Range(0, 50)]
    public int PollTimeoutSeconds { get; set; } = 25;

    /// <summary>
    /// Messages per second to all chats together: Telegram's 30. No margin is needed for network jitter: a send holds
    /// its place from its start until a second after its answer (<see cref="BotApi.SendRateLimiter"/>), so no second
    /// of arrivals at Telegram can hold more.
    /// </summary>
    [ConfigurationKeyName("TELEGRAM_MAX_MESSAGES_PER_SECOND")]
    [Range(0.1, 1000)]
    public double MaxMessagesPerSecond { get; set; } = 30;

    /// <summary>Least time from one chat's last answer to its next message: Telegram's one a second.</summary>
    [ConfigurationKeyName("TELEGRAM_CHAT_MESSAGE_INTERVAL_MS")]
    [Range(0, 60_000)]
    public int ChatMessageIntervalMs { get; set; } = 1000;

    /// <summary>Requests in flight to the Bot API at once (to different chats).</summary>
    [ConfigurationKeyName("TELEGRAM_SEND_CONCURRENCY")]
    [Range(1, 64)]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>New builds one user may start per hour from Telegram.</summary>
    [ConfigurationKeyName("TELEGRAM_MAX_BUILDS_PER_HOUR")]
    [Range(1, 10_000)]
    public int MaxBuildsPerHour { get; set; } = 10;

    /// <summary>Messages (and button presses) one user may send per minute before the bot asks them to slow down.</summary>
    [ConfigurationKeyName("TELEGRAM_MAX_MESSAGES_PER_MINUTE")]
    [Range(1, 10_000)]
    public int MaxMessagesPerMinute { get; set; } = 20;

    /// <summary>Days a chat remembers the project it is working on (for /change and the change prompt) after it was last set or used.</summary>
    [ConfigurationKeyName("CHAT_MEMORY_DAYS")]
    [Range(1, 3650)]
    public int ChatMemoryDays { get; set; } = 30;

    /// <summary>Origin of the links the bot gives out for archives too large for Telegram; defaults to the webhook URL's origin.</summary>
    [ConfigurationKeyName("TELEGRAM_PUBLIC_BASE_URL")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>Credit packs sold for Telegram Stars: <c>name:credits:stars</c>, comma-separated; empty sells none.</summary>
    [ConfigurationKeyName("TELEGRAM_STARS_PACKS")]
    public string StarsPacks { get; set; } = DefaultStarsPacks;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);

    public bool UsesWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);

    public TimeSpan ChatMemory => TimeSpan.FromDays(ChatMemoryDays);

    public TimeSpan ChatMessageInterval => TimeSpan.FromMilliseconds(ChatMessageIntervalMs);

    public IReadOnlySet<long> AdminIds => ParseAdminIds(AdminTelegramIds);

    public IReadOnlyList<StarPack> StarPacks() => StarPack.ParseList(StarsPacks);

    /// <summary>The Bot API server's origin for Telegram.Bot, or null for the public one (the library's default).</summary>
    public string? SelfHostedApiBaseUrl()
    {
        var configured = ApiBaseUrl.TrimEnd('/');
        return string.Equals(configured, DefaultApiBaseUrl, StringComparison.OrdinalIgnoreCase) ? null : configured;
    }

    public Uri? ResolvePublicBaseUrl()
    {
        var configured = !string.IsNullOrWhiteSpace(PublicBaseUrl) ? PublicBaseUrl : WebhookUrl;
        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) ? new Uri(uri.GetLeftPart(UriPartial.Authority)) : null;
    }

    internal static IReadOnlySet<long> ParseAdminIds(string? value)
    {
        var ids = new HashSet<long>();
        foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                throw new FormatException($"ADMIN_TELEGRAM_IDS holds '{part}', which is not a Telegram user id (a whole number).");
            }

            ids.Add(id);
        }

        return ids;
    }
}
