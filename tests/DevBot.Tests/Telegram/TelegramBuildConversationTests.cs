using System.IO.Compression;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.Persistence;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>The whole story in chat, through the real host: describe, confirm, ack, live progress, the ZIP.</summary>
public sealed class TelegramBuildConversationTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");

    [Fact]
    public async Task Long_polling_conversation_builds_the_project_and_delivers_its_zip_with_live_progress()
    {
        await using var rig = await TelegramTestRig.StartAsync(settings: new Dictionary<string, string?>
        {
            // Everything the host logs is captured, to prove the token (part of every Bot API URL) never appears.
            ["Logging:LogLevel:Default"] = "Trace",
        });

        await RunBuildConversationAsync(rig);

        // Later: the ZIP again from /projects, and the plan.
        rig.Telegram.SendText(Alice, "/projects");
        var list = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Your recent builds", StringComparison.Ordinal) == true, "the project list");
        list.Text!.ShouldContain("#1 Temperature converter — completed");
        rig.Telegram.PressButton(Alice, list, "#1 ZIP");
        rig.Telegram.PressButton(Alice, list, "#1 plan");
        await rig.Telegram.WaitForAsync(t => t.Messages(Alice.ChatId).Count(m => m.DocumentBytes is not null) == 2, "the ZIP again");
        var documents = rig.Telegram.Messages(Alice.ChatId).Where(m => m.DocumentBytes is not null).ToList();
        documents[1].DocumentBytes.ShouldBe(documents[0].DocumentBytes);
        var plan = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Plan: Temperature converter", StringComparison.Ordinal) == true, "the plan");
        plan.Text!.ShouldContain("2. Command line interface — approved");

        // An archive too large for Telegram goes by a signed link that works without an API key, and only as signed.
        await using (var scope = rig.Host.Services.CreateAsyncScope())
        {
            var project = await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<Project>().SingleAsync();
            var html = scope.ServiceProvider.GetRequiredService<DevBot.Telegram.Delivery.ArchiveLinks>().TooLargeForTelegram(project.Id, 80L * 1024 * 1024, new DevBot.Telegram.Texts.BotTexts().For("en"));
            html.ShouldContain("80 MB");
            html.ShouldContain("/api/v1/projects/" + project.Id + "/archive", Case.Sensitive, "polling mode has no public URL, so the API route is named instead");
        }

        rig.Telegram.CallsOf("getUpdates").ShouldNotBeEmpty();
        rig.Telegram.CallsOf("deleteWebhook").ShouldAllBe(c => (bool?)c.Parameters["drop_pending_updates"] != true);
        var logs = rig.Logs.Lines;
        logs.ShouldNotBeEmpty();
        logs.ShouldNotContain(line => line.Contains(FakeBotApiServer.DefaultToken, StringComparison.Ordinal));
        logs.ShouldNotContain(line => line.Contains("STAND-IN_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_conversation_builds_the_project_and_delivers_its_zip_with_live_progress()
    {
        await using var rig = await TelegramTestRig.StartAsync(webhook: true);

        await RunBuildConversationAsync(rig);

        var registration = rig.Telegram.CallsOf("setWebhook").ShouldHaveSingleItem();
        ((string?)registration.Parameters["url"]).ShouldEndWith("/api/v1/telegram/webhook");
        ((string?)registration.Parameters["secret_token"]).ShouldBe(TelegramTestRig.WebhookSecret);
        ((bool?)registration.Parameters["drop_pending_updates"] ?? false).ShouldBeFalse();
        rig.Telegram.CallsOf("getUpdates").ShouldBeEmpty();
        rig.Telegram.Deliveries.ShouldNotBeEmpty();
        rig.Telegram.Deliveries.ShouldAllBe(d => d.Status == 200);
    }

    /// <summary>/start → description → confirm with a stack → ack → progress edits → the ZIP, checked at every step.</summary>
    internal static async Task RunBuildConversationAsync(TelegramTestRig rig)
    {
        var telegram = rig.Telegram;
        telegram.SendText(Alice, "/start");
        var greeting = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("Welcome") == true, "the greeting");
        greeting.Text!.ShouldContain("Your balance:");

        // Progress must be observable: hold the model at two points until the chat shows the expected state.
        StandInMessage? progress = null;
        rig.Llm.BeforeAnswer = async request =>
        {
            if (request.Kind == ChatKind.Implement && request.TaskIndex == 1 && !request.LastUser.Contains("# Reviewer feedback", StringComparison.Ordinal))
            {
                await telegram.WaitForAsync(_ => progress?.Text?.Contains("1. Conversion functions") == true, "the plan in the progress message");
            }

            if (request.Kind == ChatKind.Implement && request.TaskIndex == 2 && request.LastUser.Contains("# Reviewer feedback", StringComparison.Ordinal))
            {
                await telegram.WaitForAsync(_ => progress?.Text?.Contains("rejected: Document why sys is imported.") == true, "the rejection in the progress message");
            }
        };

        telegram.SendText(Alice, "A command line temperature converter in Python, with tests.");
        var draft = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "the confirmation with stack buttons");
        draft.Text!.ShouldContain("Shall I build this?");
        draft.HasButton("Let the architect decide").ShouldBeTrue();
        progress = draft;

        telegram.PressButton(Alice, draft, "Python");
        await telegram.WaitForAsync(_ => draft.TextHistory.Any(t => t.Contains("Queued, #1 in line.")), "the instant acknowledgement");

        var document = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.DocumentBytes is not null, "the ZIP", TimeSpan.FromSeconds(90));
        document.DocumentName.ShouldBe("temperature-converter.zip");
        document.Caption.ShouldNotBeNull();
        document.Caption!.ShouldContain("Temperature converter");
        document.Caption!.ShouldContain("3 steps done · 5 files");
        document.Caption!.ShouldContain("tokens");
        using (var zip = new ZipArchive(new MemoryStream(document.DocumentBytes!)))
        {
            zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith(".git/", StringComparison.Ordinal)).Order().ShouldBe(["PLAN.md", "README.md", "cli.py", "converter.py", "tests/test_converter.py"]);
            var converter = await new StreamReader(zip.GetEntry("converter.py")!.Open()).ReadToEndAsync();
            converter.ShouldContain("def celsius_to_fahrenheit");
        }

        await telegram.WaitForAsync(_ => draft.Text?.Contains("✅ Done") == true, "the final progress state");
        draft.Buttons.ShouldBeEmpty("the finished build's message has no Cancel button left");
        draft.TextHistory.ShouldContain(t => t.Contains("Planning") || t.Contains("1. Conversion functions"));
        draft.TextHistory.ShouldContain(t => t.Contains("2. Command line interface — attempt 2, last one rejected: Document why sys is imported."));
        draft.Text!.ShouldContain("✅ 1. Conversion functions — approved: Looks good.", Case.Sensitive, "an approved step shows the reviewer's reason");

        // One progress message told the whole story; nothing was sent twice.
        telegram.Messages(Alice.ChatId).Count(m => m.TextHistory.Any(t => t.Contains("Queued"))).ShouldBe(1);
        telegram.Messages(Alice.ChatId).Count(m => m.DocumentBytes is not null).ShouldBe(1);
        telegram.CallsOf("answerCallbackQuery").ShouldNotBeEmpty();

        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var project = await db.Set<Project>().SingleAsync();
        project.Stack.ShouldBe("Python");
        var account = await db.Set<TelegramAccount>().SingleAsync();
        account.UserId.ShouldBe(project.UserId);
        await telegram.WaitForAsync(_ => db.Set<OutboxMessage>().All(m => m.Status != OutboxStatus.Pending), "the outbox to drain");
        (await db.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Failed)).ShouldBe(0);
    }
}
