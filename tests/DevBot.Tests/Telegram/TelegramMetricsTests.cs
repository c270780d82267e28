using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Data;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>The bot's figures at /metrics (Bot API requests and 429s, the outbox backlog) and its readiness entry.</summary>
public sealed class TelegramMetricsTests
{
    [Fact]
    public async Task Sends_and_429s_are_counted_by_method_and_outcome_and_the_backlog_drains_to_zero()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        rig.Telegram.FailNext("sendMessage", times: 2, errorCode: 429, retryAfter: 1);
        await EnqueueAsync(rig, 601, 602, 603);

        using var anonymous = rig.Host.CreateClient();
        var text = await MetricsScrape.UntilAsync(anonymous,
            t => MetricsScrape.Sum(t, "devbot_telegram_requests_total", ("method", "sendMessage"), ("outcome", "ok")) == 3
                 && MetricsScrape.Sum(t, "devbot_telegram_outbox_pending") == 0,
            "three messages sent and an empty outbox");

        var calls = rig.Telegram.CallsOf("sendMessage");
        MetricsScrape.Sum(text, "devbot_telegram_requests_total", ("method", "sendMessage"), ("outcome", "too_many_requests"))
            .ShouldBe(calls.Count(c => c.Status == 429));
        MetricsScrape.Sum(text, "devbot_telegram_requests_total", ("method", "sendMessage")).ShouldBe(calls.Count);
        MetricsScrape.Sum(text, "devbot_telegram_outbox_deliveries_total", ("result", "sent")).ShouldBe(3);
        MetricsScrape.Sum(text, "devbot_telegram_outbox_deliveries_total", ("result", "paused")).ShouldBe(2);
        MetricsScrape.Sum(text, "devbot_telegram_request_duration_seconds_count", ("method", "sendMessage")).ShouldBe(calls.Count);
        MetricsScrape.Sum(text, "devbot_telegram_outbox_oldest_pending_seconds").ShouldBe(0);
    }

    [Fact]
    public async Task Messages_held_by_a_429_show_as_outbox_backlog_in_metrics_and_readiness()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        // A long retry_after holds the chat, whose messages go in order: all three stay in the outbox while the test looks.
        rig.Telegram.FailNext("sendMessage", times: 1, errorCode: 429, retryAfter: 120);
        await EnqueueAsync(rig, 701, 701, 701);

        using var anonymous = rig.Host.CreateClient();
        var text = await MetricsScrape.UntilAsync(anonymous,
            t => MetricsScrape.Sum(t, "devbot_telegram_requests_total", ("outcome", "too_many_requests")) == 1,
            "the 429");
        MetricsScrape.Sum(text, "devbot_telegram_outbox_pending").ShouldBe(3);

        var ready = await anonymous.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken);
        var telegram = ready.GetProperty("checks").GetProperty("telegram");
        telegram.GetProperty("status").GetString().ShouldBe("Healthy", "a young backlog is Telegram's pace, not a failure");
        telegram.GetProperty("description").GetString()!.ShouldContain("3 message(s) waiting");
        telegram.GetProperty("description").GetString()!.ShouldContain("this process runs the bot");
    }

    [Fact]
    public async Task Readiness_has_no_telegram_entry_when_the_bot_is_not_configured()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl);
        using var anonymous = host.CreateClient();

        var ready = await anonymous.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken);

        ready.GetProperty("checks").TryGetProperty("telegram", out _).ShouldBeFalse();
        var text = await MetricsScrape.ReadAsync(anonymous, TestContext.Current.CancellationToken);
        MetricsScrape.Families(text).Keys.ShouldNotContain("devbot_telegram_outbox_pending");
    }

    private static async Task EnqueueAsync(TelegramTestRig rig, params long[] chats)
    {
        await using var scope = rig.Host.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<TelegramOutbox>();
        foreach (var chat in chats)
        {
            outbox.Send(chat, TelegramHtml.Escape($"Hello chat {chat}"));
        }

        await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Pulse();
    }
}
