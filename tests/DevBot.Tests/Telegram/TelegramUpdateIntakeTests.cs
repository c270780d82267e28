using System.Net;
using System.Net.Http.Json;
using DevBot.Data;
using DevBot.Telegram.Persistence;
using DevBot.Tests.Telegram.BotApiStandIn;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>Updates come in once and only from Telegram: forged webhook calls are refused, repeats have no effect.</summary>
public sealed class TelegramUpdateIntakeTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");

    [Fact]
    public async Task Webhook_call_without_the_right_secret_is_refused_and_handles_nothing()
    {
        await using var rig = await TelegramTestRig.StartAsync(webhook: true);
        await rig.Telegram.WaitForAsync(t => t.CallsOf("setWebhook").Count > 0, "the webhook registration");
        using var http = rig.Host.CreateClient();
        var update = new { update_id = 77, message = new { message_id = 1, date = 0, chat = new { id = 666, type = "private" }, from = new { id = 666, is_bot = false, first_name = "Mallory" }, text = "/start" } };

        var missing = await http.PostAsJsonAsync("/api/v1/telegram/webhook", update);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telegram/webhook") { Content = JsonContent.Create(update) };
        wrong.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestRig.WebhookSecret + "x");
        var forged = await http.SendAsync(wrong);

        missing.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await forged.Content.ReadAsStringAsync()).ShouldNotContain(TelegramTestRig.WebhookSecret);
        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        (await db.Set<ProcessedUpdate>().CountAsync()).ShouldBe(0);
        (await db.Set<TelegramAccount>().CountAsync()).ShouldBe(0);
        rig.Telegram.CallsOf("sendMessage").ShouldBeEmpty();
    }

    [Fact]
    public async Task Webhook_with_the_right_secret_but_a_body_that_is_no_update_gets_400()
    {
        await using var rig = await TelegramTestRig.StartAsync(webhook: true);
        using var http = rig.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telegram/webhook") { Content = new StringContent("{\"hello\":", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramTestRig.WebhookSecret);

        var response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Update_delivered_twice_to_the_webhook_has_one_effect()
    {
        await using var rig = await TelegramTestRig.StartAsync(webhook: true);
        await rig.Telegram.WaitForAsync(t => t.CallsOf("setWebhook").Count > 0, "the webhook registration");

        var updateId = rig.Telegram.SendText(Alice, "/new A to-do list web app");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "the draft");
        rig.Telegram.Redeliver(updateId);
        await rig.Telegram.WaitForAsync(t => t.Deliveries.Count(d => d.UpdateId == updateId && d.Status == 200) == 2, "the second delivery");
        rig.Telegram.SendText(Alice, "/help");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("What I can do") == true, "the answer to a later message");

        rig.Telegram.Messages(Alice.ChatId).Count(m => m.HasButton("Python")).ShouldBe(1);
        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        (await db.Set<ProcessedUpdate>().CountAsync(u => u.UpdateId == updateId)).ShouldBe(1);
        (await db.Set<User>().CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Update_polled_again_after_a_crash_before_the_offset_was_saved_has_one_effect()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        var updateId = rig.Telegram.SendText(Alice, "/start");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("Welcome") == true, "the greeting");

        // The crash window: the update's effects are committed, but the offset that confirms it is not.
        await rig.RestartAsync(async services =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TelegramState>().SetAsync(TelegramStateValue.PollingOffset, updateId, CancellationToken.None);
            rig.Telegram.Redeliver(updateId);
        });
        await rig.Telegram.WaitForAsync(t => t.HandedOut(updateId) >= 2, "the update to be handed out again");
        rig.Telegram.SendText(Alice, "/help");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("What I can do") == true, "the answer to a later message");

        rig.Telegram.Messages(Alice.ChatId).Count(m => m.Text?.Contains("Welcome") == true).ShouldBe(1);
    }
}
