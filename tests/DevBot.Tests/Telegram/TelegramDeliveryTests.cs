using DevBot.Data;
using DevBot.Tests.Telegram.BotApiStandIn;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>The sender: every message exactly once, in order per chat, within Telegram's limits and through its 429s.</summary>
public sealed class TelegramDeliveryTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");

    [Fact]
    public async Task Messages_to_many_chats_arrive_exactly_once_in_order_per_chat_despite_429s()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        rig.Telegram.FailNext("sendMessage", times: 3, errorCode: 429, retryAfter: 1);
        var longText = string.Join("\n", Enumerable.Range(1, 400).Select(i => $"Line {i}: <tags> & \"quotes\" stay literal."));
        var expected = new Dictionary<long, List<string>>();
        await using (var scope = rig.Host.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<TelegramOutbox>();
            foreach (var chatId in new long[] { 501, 502, 503 })
            {
                expected[chatId] = [];
                for (var i = 1; i <= 6; i++)
                {
                    var text = i == 3 ? longText : $"Message {i} for chat {chatId}: a < b && c > d";
                    outbox.Send(chatId, DevBot.Telegram.BotApi.TelegramHtml.Escape(text));
                    expected[chatId].Add(text);
                }
            }

            await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().SaveChangesAsync();
            scope.ServiceProvider.GetRequiredService<OutboxSignal>().Pulse();
        }

        var longParts = DevBot.Telegram.BotApi.TelegramHtml.Split(DevBot.Telegram.BotApi.TelegramHtml.Escape(longText)).Count;
        longParts.ShouldBeGreaterThan(1);
        var perChat = 5 + longParts;
        await using var scopeForDrain = rig.Host.Services.CreateAsyncScope();
        var db = scopeForDrain.ServiceProvider.GetRequiredService<DevBotDbContext>();
        await rig.Telegram.WaitForAsync(_ => !db.Set<OutboxMessage>().Any(m => m.Status == OutboxStatus.Pending), "the outbox to drain", TimeSpan.FromSeconds(30));

        foreach (var (chatId, texts) in expected)
        {
            var received = rig.Telegram.Messages(chatId).Select(m => m.Text!).ToList();
            received.Count.ShouldBe(perChat, "five short messages and the long one in parts");
            received.ShouldAllBe(t => t.Length <= 4096);
            received[0].ShouldBe(texts[0]);
            received[1].ShouldBe(texts[1]);
            string.Join("\n", received.Skip(2).Take(longParts)).ShouldBe(texts[2], "the long message's parts, in order, make up the whole text");
            received.Skip(2 + longParts).ShouldBe(texts.Skip(3));
        }

        rig.Telegram.CallsOf("sendMessage").Count(c => c.Status == 429).ShouldBe(3);
        rig.Telegram.CallsOf("sendMessage").Count(c => c.Succeeded).ShouldBe(3 * perChat);
        (await db.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Sent)).ShouldBe(3 * perChat);
    }

    [Fact]
    public async Task Build_conversation_with_429s_on_every_kind_of_call_delivers_everything_exactly_once()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        rig.Telegram.FailNext("sendMessage", times: 1, errorCode: 429, retryAfter: 1);
        rig.Telegram.FailNext("editMessageText", times: 2, errorCode: 429, retryAfter: 1);
        rig.Telegram.FailNext("sendDocument", times: 1, errorCode: 429, retryAfter: 1);

        await TelegramBuildConversationTests.RunBuildConversationAsync(rig);

        rig.Telegram.Calls.Count(c => c.Status == 429).ShouldBe(4);
        rig.Telegram.CallsOf("sendDocument").Count(c => c.Succeeded).ShouldBe(1);
        var texts = rig.Telegram.Messages(Alice.ChatId).Where(m => m.Text is not null).Select(m => m.TextHistory[0]).ToList();
        texts.ShouldBeUnique();
    }

    [Fact]
    public async Task Message_not_yet_sent_when_the_host_stops_is_sent_once_after_the_restart()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        rig.Telegram.FailNext("sendMessage", times: 1000, errorCode: 500, retryAfter: null);

        rig.Telegram.SendText(Alice, "/start");
        await rig.Telegram.WaitForAsync(t => t.CallsOf("sendMessage", Alice.ChatId).Count > 0, "a first, failed attempt");
        await rig.RestartAsync();
        rig.Telegram.ClearFaults();

        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("Welcome") == true, "the greeting after the restart");
        rig.Telegram.SendText(Alice, "/help");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("What I can do") == true, "the answer to a later message");
        rig.Telegram.Messages(Alice.ChatId).Count(m => m.Text?.Contains("Welcome") == true).ShouldBe(1);
    }

    [Fact]
    public async Task Host_restarted_in_the_middle_of_a_build_keeps_one_progress_message_and_delivers_the_zip_once()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        var hold = new TaskCompletionSource();
        rig.Llm.BeforeAnswer = request => request.Kind == DevBot.Tests.Infrastructure.ChatKind.Implement && request.TaskIndex == 2 ? hold.Task : Task.CompletedTask;

        rig.Telegram.SendText(Alice, "/new A command line temperature converter in Python, with tests.");
        var draft = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "the draft");
        rig.Telegram.PressButton(Alice, draft, "Python");
        await rig.Telegram.WaitForAsync(_ => draft.Text?.Contains("🔄 2. Command line interface") == true, "the build to reach step 2");

        await rig.RestartAsync();
        hold.SetResult();

        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.DocumentBytes is not null, "the ZIP after the restart", TimeSpan.FromSeconds(90));
        await rig.Telegram.WaitForAsync(_ => draft.Text?.Contains("✅ Done") == true, "the same progress message to show the end");
        await Task.Delay(500);
        var messages = rig.Telegram.Messages(Alice.ChatId);
        messages.Count(m => m.DocumentBytes is not null).ShouldBe(1);
        messages.Count(m => m.TextHistory.Any(t => t.Contains("Queued") || t.Contains("Building"))).ShouldBe(1, "one progress message across both hosts");
        draft.TextHistory.Count.ShouldBe(draft.TextHistory.Distinct().Count(), "no progress text was sent twice");
    }
}
