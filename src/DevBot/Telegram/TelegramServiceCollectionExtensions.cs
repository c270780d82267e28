using DevBot.Health;
using DevBot.Observability;
using DevBot.Shared;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Payments;
using DevBot.Telegram.Persistence;
using DevBot.Telegram.Texts;
using DevBot.Telegram.Updates;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace DevBot.Telegram;

internal static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// The Telegram bot: Bot API client, update intake (polling or webhook), conversation, delivery and the
    /// rate-limited sender. With TELEGRAM_BOT_TOKEN empty nothing but the (unused) options is registered.
    /// </summary>
    public static IServiceCollection AddDevBotTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>().BindConfiguration(string.Empty).ValidateByVariableName().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        var settings = configuration.Get<TelegramOptions>() ?? new TelegramOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddMetrics();
        services.AddSingleton<TelegramMetrics>();
        services.AddSingleton<BotApiHeartbeat>();
        services.AddSingleton<ITelegramBotClient>(sp => new MeteredBotClient(
            BotApiClient.Create(sp.GetRequiredService<IOptions<TelegramOptions>>().Value),
            sp.GetRequiredService<TelegramMetrics>(), sp.GetRequiredService<BotApiHeartbeat>(), sp.GetRequiredService<SendRateLimiter>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<IScrapedGauges, OutboxGauges>();
        services.AddSingleton<TelegramProbeCache>();
        services.AddHealthChecks().AddCheck<TelegramHealthCheck>("telegram", tags: [HealthEndpoints.ReadyTag]);
        services.AddSingleton<BotTexts>();

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            return new SendRateLimiter(options.MaxMessagesPerSecond, options.ChatMessageInterval, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<MessageRateLimiter>();
        services.AddSingleton<UpdateDispatcher>();
        services.AddSingleton<ArchiveLinks>();
        services.AddSingleton<TelegramLeadership>();

        services.AddScoped<TelegramOutbox>();
        services.AddScoped<OutboxDelivery>();
        services.AddScoped<TelegramState>();
        services.AddScoped<BotSetup>();
        services.AddScoped<IProjectArchiveReader, ProjectArchiveReader>();
        services.AddScoped<ProjectProgress>();
        services.AddScoped<TelegramAccounts>();
        services.AddScoped<ChatMemory>();
        services.AddScoped<BuildRequests>();
        services.AddScoped<ChangeRequests>();
        services.AddScoped<ChatCommands>();
        services.AddScoped<ApiKeyCommand>();
        services.AddScoped<ButtonActions>();
        services.AddScoped<AdminCommand>();
        services.AddScoped<CreditCommands>();
        services.AddSingleton<StarInvoices>();
        services.AddScoped<StarPayments>();
        services.AddScoped<IUpdateHandler, ConversationHandler>();

        services.AddHostedService(sp => sp.GetRequiredService<TelegramLeadership>());
        services.AddHostedService<TelegramBotService>();
        services.AddHostedService<EventRelay>();
        services.AddHostedService<OutboxSender>();
        services.AddHostedService<TelegramHousekeeping>();
        return services;
    }
}
