using DevBot.Telegram.BotApi;
using DevBot.Telegram.Texts;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace DevBot.Telegram.Updates;

/// <summary>Tells Telegram how to reach the bot (webhook or none, for polling) and which commands to list, in each language the bot speaks.</summary>
internal sealed class BotSetup(ITelegramBotClient bot, BotTexts texts, IOptions<TelegramOptions> options, TimeProvider time, ILogger<BotSetup> logger)
{
    /// <summary>The updates the bot acts on; everything else Telegram keeps to itself.</summary>
    public static readonly IReadOnlyList<UpdateType> HandledUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.PreCheckoutQuery];

    /// <summary>The command menu: each command with the key of its description.</summary>
    public static readonly IReadOnlyList<(string Command, string DescriptionKey)> Commands =
    [
        ("new", TextKey.CommandNew),
        ("build", TextKey.CommandBuild),
        ("change", TextKey.CommandChange),
        ("status", TextKey.CommandStatus),
        ("projects", TextKey.CommandProjects),
        ("history", TextKey.CommandHistory),
        ("cancel", TextKey.CommandCancel),
        ("credits", TextKey.CommandCredits),
        ("buy", TextKey.CommandBuy),
        ("apikey", TextKey.CommandApiKey),
        ("link", TextKey.CommandLink),
        ("help", TextKey.CommandHelp),
    ];

    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        User me;
        using (var deadline = Deadline(cancellationToken))
        {
            me = await bot.GetMe(deadline.Token);
        }

        using (var deadline = Deadline(cancellationToken))
        {
            if (settings.UsesWebhook)
            {
                await bot.SetWebhook(settings.WebhookUrl!, allowedUpdates: HandledUpdates, dropPendingUpdates: false,
                    secretToken: settings.WebhookSecret, cancellationToken: deadline.Token);
            }
            else
            {
                // getUpdates is refused while a webhook is set. Pending updates are kept: they are still to be answered.
                await bot.DeleteWebhook(dropPendingUpdates: false, deadline.Token);
            }
        }

        // The default menu in English, and one per language the bot speaks for users whose Telegram is set to it.
        foreach (var words in texts.All.OrderBy(w => w.Language == BotTexts.Fallback ? 0 : 1))
        {
            using var deadline = Deadline(cancellationToken);
            await bot.SetMyCommands(CommandsIn(words), languageCode: words.Language == BotTexts.Fallback ? null : words.Language,
                cancellationToken: deadline.Token);
        }

        logger.LogInformation("Telegram bot @{Username} ready ({Mode})", me.Username, settings.UsesWebhook ? "webhook" : "long polling");
    }

    public static IReadOnlyList<BotCommand> CommandsIn(Words words) =>
        [.. Commands.Select(c => new BotCommand { Command = c.Command, Description = words[c.DescriptionKey] })];

    private BotApiDeadline Deadline(CancellationToken cancellationToken) => new(BotApiClient.CallTimeout, time, cancellationToken);
}
