using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram;

/// <summary>Checks the bot's settings on start, with messages that name the variable to fix (never its secret value).</summary>
internal sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!BotTokenShape().IsMatch(options.BotToken!.Trim()))
        {
            failures.Add("TELEGRAM_BOT_TOKEN does not look like a bot token ('123456789:AA...' from @BotFather).");
        }

        if (!IsHttpUrl(options.ApiBaseUrl))
        {
            failures.Add("TELEGRAM_API_BASE_URL must be an absolute http(s) URL, e.g. https://api.telegram.org.");
        }
        else if (new Uri(options.ApiBaseUrl).PathAndQuery is not "/")
        {
            // Telegram.Bot keeps only scheme, host and port; a path would be dropped without a word.
            failures.Add("TELEGRAM_API_BASE_URL must be the Bot API server's origin only, without a path (e.g. http://localhost:8081).");
        }

        if (options.UsesWebhook)
        {
            if (!IsHttpUrl(options.WebhookUrl))
            {
                failures.Add("TELEGRAM_WEBHOOK_URL must be an absolute http(s) URL ending in /api/v1/telegram/webhook.");
            }

            if (string.IsNullOrEmpty(options.WebhookSecret) || !WebhookSecretShape().IsMatch(options.WebhookSecret))
            {
                failures.Add("TELEGRAM_WEBHOOK_SECRET is required in webhook mode: 1-256 characters of A-Z, a-z, 0-9, _ and -.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !IsHttpUrl(options.PublicBaseUrl))
        {
            failures.Add("TELEGRAM_PUBLIC_BASE_URL must be an absolute http(s) URL.");
        }

        try
        {
            _ = options.AdminIds;
        }
        catch (FormatException ex)
        {
            failures.Add(ex.Message);
        }

        try
        {
            _ = options.StarPacks();
        }
        catch (FormatException ex)
        {
            failures.Add(ex.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{20,200}$")]
    private static partial Regex BotTokenShape();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex WebhookSecretShape();
}
