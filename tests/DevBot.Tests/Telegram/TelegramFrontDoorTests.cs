using System.Net;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;

namespace DevBot.Tests.Telegram;

/// <summary>The per-user queue limit and API key management as a Telegram user meets them.</summary>
public sealed class TelegramFrontDoorTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");

    [Fact]
    public async Task A_build_beyond_the_queue_limit_gets_one_plain_sentence_and_the_draft_is_kept()
    {
        await using var rig = await TelegramTestRig.StartAsync(settings: new Dictionary<string, string?>
        {
            ["MAX_QUEUED_BUILDS_PER_USER"] = "1",
            ["WORKER_CONCURRENCY"] = "0",
        });

        rig.Telegram.SendText(Alice, "A command line temperature converter in Python, with tests.");
        var first = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "the first confirmation");
        rig.Telegram.PressButton(Alice, first, "Python");
        await rig.Telegram.WaitForAsync(_ => first.TextHistory.Any(t => t.Contains("Queued, #1 in line.")), "the first build queued");

        rig.Telegram.SendText(Alice, "A second tool: a CSV to JSON converter.");
        var second = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m != first && m.HasButton("Python"), "the second confirmation");
        rig.Telegram.PressButton(Alice, second, "Python");

        var refusal = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("waiting in the queue") == true, "the refusal");
        refusal.Text.ShouldBe("Too many of your builds are waiting in the queue (1 of 1 allowed). Your description is kept — press the button again once one of them has started.");
        second.HasButton("Python").ShouldBeTrue("the draft stays, to be confirmed again later");
    }

    [Fact]
    public async Task Apikey_list_shows_the_keys_and_apikey_revoke_ends_one_at_once()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        rig.Telegram.SendText(Alice, "/apikey");
        var shown = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("dvb_") == true, "the new key");
        var key = shown.Text!.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries).Single(w => w.StartsWith("dvb_", StringComparison.Ordinal));
        using var api = rig.Host.CreateClient(key);
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        rig.Telegram.SendText(Alice, "/apikey list");
        var list = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Your API keys", StringComparison.Ordinal) == true, "the key list");
        var prefix = key[..10];
        list.Text!.ShouldContain(prefix + "… (telegram)");
        list.Text!.ShouldNotContain(key);

        rig.Telegram.SendText(Alice, "/apikey revoke " + prefix);
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Revoked", StringComparison.Ordinal) == true, "the revocation");
        await (await api.GetAsync("/api/v1/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        rig.Telegram.SendText(Alice, "/apikey revoke " + prefix);
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("no active API key with that id or prefix") == true, "the answer to a second revocation");
        rig.Telegram.SendText(Alice, "/apikey frobnicate");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Send /apikey for a new API key", StringComparison.Ordinal) == true, "the usage");
    }
}
