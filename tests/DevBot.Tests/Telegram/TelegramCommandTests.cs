using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Persistence;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>The commands besides building: admin, linking, API keys, cancelling, and answers to everything else.</summary>
public sealed class TelegramCommandTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");
    private static readonly StandInUser Root = new(2002, "Root", "root");

    [Fact]
    public async Task Admin_command_refuses_non_admins_answers_admins_and_audits_both()
    {
        await using var rig = await TelegramTestRig.StartAsync(settings: new Dictionary<string, string?> { ["ADMIN_TELEGRAM_IDS"] = "2002, 3003" });

        rig.Telegram.SendText(Alice, "/admin");
        rig.Telegram.SendText(Root, "/admin");

        var refusal = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text is not null, "the refusal");
        refusal.Text.ShouldBe("Sorry, /admin is for DevBot's administrators only.");
        var stats = await rig.Telegram.WaitForMessageAsync(Root.ChatId, m => m.Text is not null, "the statistics");
        stats.Text.ShouldNotBeNull();
        stats.Text.ShouldContain("Queue: 0 waiting, 0 running");
        stats.Text.ShouldContain("Users: 2 (2 on Telegram)");
        stats.Text.ShouldContain("Last 24 h: 0 builds, 0 failed");
        rig.Telegram.Messages(Alice.ChatId).ShouldNotContain(m => m.Text!.Contains("Queue:"));

        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var audit = await db.Set<DevBot.Audit.AuditEntry>().Where(e => e.Action.StartsWith("telegram.")).OrderBy(e => e.Actor).ToListAsync();
        audit.Select(e => (e.Actor, e.Action)).ShouldBe([("telegram:1001", AdminCommand.DeniedAction), ("telegram:2002", AdminCommand.StatsAction)]);
    }

    [Fact]
    public async Task Link_code_from_the_api_links_the_chat_to_that_user_once()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        var apiUser = await rig.Host.CreateUserAsync("api-alice");
        (await rig.Host.CreateClient().PostAsync("/api/v1/telegram/link-code", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var created = await apiUser.Http.PostAsync("/api/v1/telegram/link-code", null);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        rig.Telegram.SendText(Alice, "/link " + code);
        var linked = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("Linked") == true, "the link confirmation");
        linked.Text!.ShouldContain("api-alice");
        rig.Telegram.SendText(Alice, "/link " + code);
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("already linked") == true || m.Text?.Contains("not valid") == true, "the answer to a reused code");
        rig.Telegram.SendText(Alice, "/link WRONGCODE1");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("not valid") == true, "the answer to a wrong code");

        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        (await db.Set<TelegramAccount>().SingleAsync()).UserId.ShouldBe(apiUser.Id);
        (await db.Set<TelegramLinkCode>().SingleAsync()).UsedByTelegramUserId.ShouldBe(Alice.Id);
    }

    [Fact]
    public async Task Apikey_is_shown_once_works_on_the_api_and_is_not_kept_in_the_outbox()
    {
        await using var rig = await TelegramTestRig.StartAsync();

        rig.Telegram.SendText(Alice, "/apikey");
        var message = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("dvb_") == true, "the key");

        var key = message.Text!.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries).Single(w => w.StartsWith("dvb_", StringComparison.Ordinal));
        var projects = await rig.Host.CreateClient(key).GetAsync("/api/v1/projects");
        projects.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        await rig.Telegram.WaitForAsync(_ => db.Set<OutboxMessage>().Any(m => m.Kind == OutboxKind.SecretMessage && m.Status == OutboxStatus.Sent), "the key's message to be marked sent");
        var stored = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Kind == OutboxKind.SecretMessage);
        stored.Payload.ShouldNotContain(key);
    }

    [Fact]
    public async Task Unknown_commands_stickers_and_help_get_helpful_answers()
    {
        await using var rig = await TelegramTestRig.StartAsync();

        rig.Telegram.SendText(Alice, "/frobnicate now");
        rig.Telegram.SendSticker(Alice);
        rig.Telegram.SendText(Alice, "/help@" + FakeBotApiServer.BotUsername);

        await rig.Telegram.WaitForAsync(t => t.Messages(Alice.ChatId).Count >= 3, "three answers");
        var answers = rig.Telegram.Messages(Alice.ChatId).Select(m => m.Text!).ToList();
        answers[0].ShouldStartWith("I don't know /frobnicate.");
        answers[0].ShouldContain("/new description");
        answers[1].ShouldContain("I understand text only");
        answers[2].ShouldStartWith("What I can do");
    }

    [Fact]
    public async Task Too_many_messages_get_one_slow_down_answer_and_are_not_handled()
    {
        await using var rig = await TelegramTestRig.StartAsync(settings: new Dictionary<string, string?> { ["TELEGRAM_MAX_MESSAGES_PER_MINUTE"] = "3" });

        for (var i = 0; i < 6; i++)
        {
            rig.Telegram.SendText(Alice, "/help");
        }

        rig.Telegram.SendText(Root, "/help");
        await rig.Telegram.WaitForMessageAsync(Root.ChatId, m => m.Text?.StartsWith("What I can do", StringComparison.Ordinal) == true, "another user's answer");
        await rig.Telegram.WaitForAsync(t => t.Messages(Alice.ChatId).Count >= 4, "the answers and the warning");
        await Task.Delay(300);

        var answers = rig.Telegram.Messages(Alice.ChatId).Select(m => m.Text!).ToList();
        answers.Count(a => a.StartsWith("What I can do", StringComparison.Ordinal)).ShouldBe(3);
        answers.Count(a => a.Contains("faster than I can handle")).ShouldBe(1);
    }

    [Fact]
    public async Task Cancel_command_stops_the_build_in_progress_and_the_progress_message_says_so()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        var release = new TaskCompletionSource();
        rig.Llm.BeforeAnswer = request => request.Kind == ChatKind.Plan ? release.Task : Task.CompletedTask;

        rig.Telegram.SendText(Alice, "/new A command line temperature converter");
        var draft = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Let the architect decide"), "the draft");
        rig.Telegram.PressButton(Alice, draft, "Let the architect decide");
        await rig.Telegram.WaitForAsync(_ => rig.Llm.CountRequests(ChatKind.Plan) > 0, "the build to start planning");
        rig.Telegram.SendText(Alice, "/cancel");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Stopping", StringComparison.Ordinal) == true, "the cancel acknowledgement");
        release.SetResult();

        await rig.Telegram.WaitForAsync(_ => draft.Text?.Contains("🚫 Cancelled.") == true, "the progress message to show the cancellation");
        draft.Buttons.ShouldBeEmpty();
        rig.Telegram.Messages(Alice.ChatId).ShouldNotContain(m => m.DocumentBytes != null);
        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        (await db.Set<Project>().SingleAsync()).Stack.ShouldBeNull("the architect was left to decide");
    }
}
