using DevBot.Telegram.BotApi;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Updates;

/// <summary>Tells Telegram how to reach the bot (webhook or none, for polling) and which commands to list.</summary>
public sealed class BotSetup(ITelegramBotApi api, IOptions<TelegramOptions> options, ILogger<BotSetup> logger)
{
    public static readonly IReadOnlyList<BotCommand> Commands =
    [
        new("new", "Describe a new project to build"),
        new("status", "Your balance and the build in progress"),
        new("projects", "Your recent builds"),
        new("cancel", "Cancel the build in progress"),
        new("credits", "Your balance and usage"),
        new("buy", "Buy credits"),
        new("apikey", "Get a key for the HTTP API"),
        new("link", "Link an existing DevBot account: /link CODE"),
        new("help", "What I can do"),
    ];

    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var me = await api.GetMeAsync(cancellationToken);
        if (settings.UsesWebhook)
        {
            await api.SetWebhookAsync(new SetWebhookRequest(settings.WebhookUrl!, settings.WebhookSecret!, UpdateKinds.Handled), cancellationToken);
        }
        else
        {
            // getUpdates is refused while a webhook is set. Pending updates are kept: they are still to be answered.
            await api.DeleteWebhookAsync(new DeleteWebhookRequest(DropPendingUpdates: false), cancellationToken);
        }

        await api.SetMyCommandsAsync(new SetMyCommandsRequest(Commands), cancellationToken);
        logger.LogInformation("Telegram bot @{Username} ready ({Mode})", me.Username, settings.UsesWebhook ? "webhook" : "long polling");
    }
}
