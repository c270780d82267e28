using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;

namespace DevBot.Tests.Telegram;

/// <summary>The bot on PostgreSQL: its migration, lease, dedupe and event relay (where ids may commit out of order).</summary>
public sealed class TelegramPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task Long_polling_conversation_on_postgresql_builds_and_delivers_the_zip()
    {
        await using var rig = await TelegramTestRig.StartAsync(settings: new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = await postgres.CreateDatabaseAsync(),
        });

        await TelegramBuildConversationTests.RunBuildConversationAsync(rig);
    }

    [Fact]
    public async Task Change_then_undo_on_postgresql_delivers_version_2_and_version_3_equal_to_version_1()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: TelegramChangeConversation.KelvinModel(), settings: new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = await postgres.CreateDatabaseAsync(),
        });

        await TelegramChangeConversation.ChangeAndUndoAsync(rig, new StandInUser(1001, "Alice"));
    }

    [Fact]
    public async Task Update_delivered_twice_to_the_webhook_on_postgresql_has_one_effect()
    {
        await using var rig = await TelegramTestRig.StartAsync(webhook: true, settings: new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = await postgres.CreateDatabaseAsync(),
        });
        var alice = new StandInUser(1001, "Alice");
        await rig.Telegram.WaitForAsync(t => t.CallsOf("setWebhook").Count > 0, "the webhook registration");

        var updateId = rig.Telegram.SendText(alice, "/start");
        rig.Telegram.Redeliver(updateId);
        await rig.Telegram.WaitForAsync(t => t.Deliveries.Count(d => d.UpdateId == updateId && d.Status == 200) == 2, "both deliveries");
        rig.Telegram.SendText(alice, "/help");
        await rig.Telegram.WaitForMessageAsync(alice.ChatId, m => m.Text?.Contains("What I can do") == true, "the answer to a later message");

        rig.Telegram.Messages(alice.ChatId).Count(m => m.Text?.Contains("Welcome") == true).ShouldBe(1);
    }
}
