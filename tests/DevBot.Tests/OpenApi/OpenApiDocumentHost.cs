using System.Text.Json;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;

namespace DevBot.Tests.OpenApi;

/// <summary>
/// The real host with every optional endpoint mapped (the Telegram bot on, against the Bot API stand-in), and the
/// document it serves at /openapi/v1.json. One per test class: the document does not change while the host runs.
/// </summary>
public sealed class OpenApiDocumentHost : IAsyncLifetime
{
    private FakeBotApiServer? _telegram;

    public DevBotTestHost Host { get; private set; } = null!;

    public string DocumentJson { get; private set; } = string.Empty;

    public JsonElement Document { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _telegram = await FakeBotApiServer.StartAsync();
        Host = await DevBotTestHost.StartAsync(HttpProblems.ClosedLoopbackUrl(), runWorkers: false, settings: new Dictionary<string, string?>
        {
            ["TELEGRAM_BOT_TOKEN"] = FakeBotApiServer.DefaultToken,
            ["TELEGRAM_API_BASE_URL"] = _telegram.BaseUrl,
            ["TELEGRAM_POLL_TIMEOUT_SECONDS"] = "1",
        });
        using var anonymous = Host.CreateClient();
        DocumentJson = await anonymous.GetStringAsync("/openapi/v1.json");
        Document = JsonDocument.Parse(DocumentJson).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_telegram is not null)
        {
            await _telegram.DisposeAsync();
        }
    }
}
