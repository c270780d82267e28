using DevBot.Data;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Telegram;

/// <summary>
/// The real DevBot host with its bot pointed at the Bot API stand-in, and the OpenAI-compatible stand-in as
/// its model. Long polling by default; webhook mode on a port fixed before start (the webhook URL must be
/// known when the bot registers it).
/// </summary>
public sealed class TelegramTestRig : IAsyncDisposable
{
    public const string WebhookSecret = "test-webhook-secret_0123456789";

    private readonly IReadOnlyDictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _services;

    private TelegramTestRig(
        FakeBotApiServer telegram, FakeOpenAiServer llm, DevBotTestHost host, CapturedLogs logs, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
        Telegram = telegram;
        Llm = llm;
        Host = host;
        Logs = logs;
    }

    public FakeBotApiServer Telegram { get; }

    public FakeOpenAiServer Llm { get; }

    public DevBotTestHost Host { get; private set; }

    public CapturedLogs Logs { get; }

    public static async Task<TelegramTestRig> StartAsync(
        bool webhook = false,
        IReadOnlyDictionary<string, string?>? settings = null,
        ScriptedModel? model = null,
        FakeBotApiServer? telegram = null,
        Action<IServiceCollection>? services = null)
    {
        telegram ??= await FakeBotApiServer.StartAsync();
        var llm = await FakeOpenAiServer.StartAsync(model);
        var logs = new CapturedLogs();
        var host = await StartHostAsync(telegram, llm, logs, webhook, settings, services);
        return new TelegramTestRig(telegram, llm, host, logs, settings, services);
    }

    /// <summary>
    /// Stops the host (as a deployment would) and starts a new one on the same database and data folder, with the
    /// settings of the first host and <paramref name="changed"/> on top (an operator's new configuration).
    /// </summary>
    public async Task RestartAsync(Func<IServiceProvider, Task>? whileStopped = null, IReadOnlyDictionary<string, string?>? changed = null)
    {
        var database = Host.Services.GetRequiredService<ResolvedDatabase>();
        var values = new Dictionary<string, string?>(_settings)
        {
            ["DATABASE_URL"] = database.ConnectionString,
            ["DEVBOT_DATA_DIR"] = Host.DataDirectory,
        };
        foreach (var (key, value) in changed ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        await Host.App.StopAsync();
        if (whileStopped is not null)
        {
            await whileStopped(Host.Services);
        }

        var next = await StartHostAsync(Telegram, Llm, Logs, webhook: false, values, _services);
        _previousHosts.Add(Host);
        Host = next;
    }

    private readonly List<DevBotTestHost> _previousHosts = [];

    public static Dictionary<string, string?> Settings(FakeBotApiServer telegram) => new()
    {
        ["TELEGRAM_BOT_TOKEN"] = FakeBotApiServer.DefaultToken,
        ["TELEGRAM_API_BASE_URL"] = telegram.BaseUrl,
        ["TELEGRAM_POLL_TIMEOUT_SECONDS"] = "1",
        // Ordering and counts are what the tests check, not Telegram's real pace: keep them quick.
        ["TELEGRAM_CHAT_MESSAGE_INTERVAL_MS"] = "20",
        ["TELEGRAM_MAX_MESSAGES_PER_SECOND"] = "200",
    };

    private static async Task<DevBotTestHost> StartHostAsync(
        FakeBotApiServer telegram, FakeOpenAiServer llm, CapturedLogs logs, bool webhook, IReadOnlyDictionary<string, string?>? settings,
        Action<IServiceCollection>? services)
    {
        var values = Settings(telegram);
        if (webhook)
        {
            var port = FreeTcpPort.Next();
            values["urls"] = $"http://127.0.0.1:{port}";
            values["TELEGRAM_WEBHOOK_URL"] = $"http://127.0.0.1:{port}/api/v1/telegram/webhook";
            values["TELEGRAM_WEBHOOK_SECRET"] = WebhookSecret;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return await DevBotTestHost.StartAsync(llm.BaseUrl, values.GetValueOrDefault("DATABASE_URL"), values,
            services: s =>
            {
                s.AddSingleton<ILoggerProvider>(logs);
                services?.Invoke(s);
            });
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var previous in _previousHosts)
        {
            await previous.DisposeAsync();
        }

        await Llm.DisposeAsync();
        await Telegram.DisposeAsync();
    }
}
