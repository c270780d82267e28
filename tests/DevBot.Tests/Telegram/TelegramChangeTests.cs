using DevBot.Data;
using DevBot.Projects;
using DevBot.Telegram.Persistence;
using DevBot.Tests.Billing;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Projects.Versions;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static DevBot.Tests.Telegram.TelegramChangeConversation;

namespace DevBot.Tests.Telegram;

/// <summary>Iterating on a delivered project in chat (issue 11), through the real host, the Bot API stand-in and the scripted model.</summary>
public sealed class TelegramChangeTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");

    [Fact]
    public async Task Change_button_then_text_delivers_version_2_with_what_changed_and_undo_brings_back_version_1()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel());

        await ChangeAndUndoAsync(rig, Alice);
    }

    [Fact]
    public async Task A_reply_to_the_delivery_message_changes_that_project_with_the_reply_as_instruction()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel());
        var delivery = await BuildAsync(rig, Alice);

        rig.Telegram.SendReply(Alice, delivery, KelvinChange.Instruction);

        var second = await NthDocumentAsync(rig, Alice, 2);
        second.Caption!.ShouldContain("✏️ Version 2:", Case.Sensitive);
        Entry(second, "converter.py").ShouldBe(KelvinChange.Converter);
        var version = await VersionAsync(rig, await SingleProjectIdAsync(rig), 2);
        version.Instruction.ShouldBe(KelvinChange.Instruction);
    }

    [Fact]
    public async Task A_reply_to_a_message_about_no_project_is_an_ordinary_message()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel());
        rig.Telegram.SendText(Alice, "/help");
        var help = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("What I can do") == true, "the help");

        rig.Telegram.SendReply(Alice, help, "A command line temperature converter in Python, with tests.");

        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "a draft, as for any description");
    }

    [Fact]
    public async Task Change_command_needs_a_current_project_and_text_and_a_second_change_while_one_runs_is_refused()
    {
        var planHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel());
        var telegram = rig.Telegram;
        rig.Llm.BeforeAnswer = request => request.Version > 1 && request.Kind == ChatKind.Plan ? planHeld.Task : Task.CompletedTask;

        telegram.SendText(Alice, "/change add Kelvin");
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("There is no project to change yet", StringComparison.Ordinal) == true, "the sentence without a project");

        await BuildAsync(rig, Alice);
        telegram.SendText(Alice, "/change");
        await telegram.WaitForMessageAsync(Alice.ChatId,
            m => m.Text == "Say what to change after the command, e.g. /change add a --verbose flag. It changes Temperature converter.", "the sentence without text");

        telegram.SendText(Alice, "/change " + KelvinChange.Instruction);
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text == "✏️ Changing Temperature converter: this will be version 2.", "the change queued");

        // The change's plan is held, so it is certainly queued or running now.
        telegram.SendText(Alice, "/change Also add Rankine.");
        await telegram.WaitForMessageAsync(Alice.ChatId,
            m => m.Text == "Temperature converter is already being built or changed: wait until it is delivered (or /cancel it), then send the change again.", "the 409 sentence");
        planHeld.SetResult();

        var second = await NthDocumentAsync(rig, Alice, 2);
        second.Caption!.ShouldContain("✏️ Version 2:", Case.Sensitive);
        var projectId = await SingleProjectIdAsync(rig);
        (await VersionAsync(rig, projectId, 2)).Instruction.ShouldBe(KelvinChange.Instruction);
        await using var scope = rig.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<DevBot.Projects.Versions.ProjectVersions>().NextNumberAsync(projectId, CancellationToken.None))
            .ShouldBe(3, "the refused change queued nothing");
    }

    [Fact]
    public async Task An_empty_or_over_long_change_is_one_sentence_and_queues_nothing()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel());
        var delivery = await BuildAsync(rig, Alice);

        rig.Telegram.SendReply(Alice, delivery, new string('x', ProjectLimits.MaxDescriptionLength + 1));
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId,
            m => m.Text == $"The change request is too long ({ProjectLimits.MaxDescriptionLength + 1} characters); keep it under {ProjectLimits.MaxDescriptionLength}.", "the too-long sentence");
        rig.Telegram.PressButton(Alice, delivery, ChangeButton);
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("✏️ What should I change", StringComparison.Ordinal) == true, "the question");
        rig.Telegram.SendText(Alice, "ok");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId,
            m => m.Text == "That is too short for a change: say in a sentence what to change in Temperature converter.", "the too-short sentence");

        await using var scope = rig.Host.Services.CreateAsyncScope();
        var projectId = await SingleProjectIdAsync(rig);
        (await scope.ServiceProvider.GetRequiredService<DevBot.Projects.Versions.ProjectVersions>().NextNumberAsync(projectId, CancellationToken.None)).ShouldBe(2);
    }

    [Fact]
    public async Task A_change_beyond_the_queue_limit_is_one_sentence_like_a_build()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel(), settings: new Dictionary<string, string?> { ["MAX_QUEUED_BUILDS_PER_USER"] = "1" });
        var telegram = rig.Telegram;
        var delivery = await BuildAsync(rig, Alice);

        // A second build runs (held at its plan) and a third waits: the one place in line is taken.
        var planHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Llm.BeforeAnswer = request => request.Kind == ChatKind.Plan ? planHeld.Task : Task.CompletedTask;
        try
        {
            var running = await ConfirmAsync(rig, Alice, 2);
            await telegram.WaitForAsync(_ => running.Text?.Contains("Planning", StringComparison.Ordinal) == true, "the second build to run");
            var waiting = await ConfirmAsync(rig, Alice, 3);
            await telegram.WaitForAsync(_ => waiting.Text?.Contains("Queued, #", StringComparison.Ordinal) == true, "the third build to wait");

            telegram.SendReply(Alice, delivery, KelvinChange.Instruction);
            await telegram.WaitForMessageAsync(Alice.ChatId,
                m => m.Text == "Too many of your builds and changes are waiting in the queue (1 of 1 allowed): send the change again once one of them has started.", "the queue-limit sentence");
        }
        finally
        {
            planHeld.TrySetResult();
        }

        var projectId = await OldestProjectIdAsync(rig);
        await using var scope = rig.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<DevBot.Projects.Versions.ProjectVersions>().NextNumberAsync(projectId, CancellationToken.None))
            .ShouldBe(2, "nothing was queued");
    }

    private static async Task<Guid> OldestProjectIdAsync(TelegramTestRig rig)
    {
        await using var scope = rig.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<Project>().OrderBy(p => p.CreatedAt).Select(p => p.Id).FirstAsync();
    }

    [Fact]
    public async Task A_change_that_fails_says_the_delivered_version_is_kept_and_offers_to_change_again()
    {
        const string Rejection = """{"verdict": "REJECTED", "feedback": "The Kelvin conversion is missing."}""";
        await using var rig = await TelegramTestRig.StartAsync(model: new ScriptedModel
        {
            Later = request => request.Kind == ChatKind.Review ? Rejection : KelvinChange.Answer(request),
        });
        var delivery = await BuildAsync(rig, Alice);

        rig.Telegram.SendReply(Alice, delivery, KelvinChange.Instruction);

        var failure = await rig.Telegram.WaitForMessageAsync(Alice.ChatId,
            m => m.Text?.StartsWith("❌ Version 2 of Temperature converter could not be made; version 1 is still the one you have", StringComparison.Ordinal) == true,
            "the failed change's notice", TimeSpan.FromSeconds(90));
        failure.Text!.ShouldContain("The Kelvin conversion is missing.", Case.Sensitive, "the reviewer's reason is told");
        failure.HasButton(ChangeButton).ShouldBeTrue("the change can be asked for again");
        rig.Telegram.Messages(Alice.ChatId).Count(m => m.DocumentBytes is not null).ShouldBe(1, "nothing new was delivered");
    }

    [Fact]
    public async Task A_change_without_credits_to_run_pauses_with_one_sentence_and_the_buy_button()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel(), settings: BillingTestHost.Metered());
        await rig.Host.PriceAsync(BillingTestHost.Model, 1m, 1m);
        var delivery = await BuildAsync(rig, Alice);
        await using (var scope = rig.Host.Services.CreateAsyncScope())
        {
            var userId = await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<TelegramAccount>().Select(a => a.UserId).SingleAsync();
            var ledger = scope.ServiceProvider.GetRequiredService<DevBot.Billing.Ledger.CreditLedger>();
            await ledger.AddManualAsync(userId, DevBot.Billing.Ledger.CreditTransactionKind.Adjustment, -await ledger.BalanceAsync(userId, CancellationToken.None),
                "test: spent elsewhere", DevBot.Users.Actor.CommandLine, CancellationToken.None);
        }

        rig.Telegram.SendReply(Alice, delivery, KelvinChange.Instruction);

        var pause = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("⏸ Temperature converter is paused", StringComparison.Ordinal) == true, "the pause");
        pause.HasButton("Buy credits").ShouldBeTrue();
        pause.HasButton("Continue").ShouldBeTrue();
    }

    [Fact]
    public async Task The_current_project_is_forgotten_after_chat_memory_days()
    {
        var clock = new ShiftedTimeProvider();
        await using var rig = await TelegramTestRig.StartAsync(
            model: KelvinModel(),
            settings: new Dictionary<string, string?> { ["CHAT_MEMORY_DAYS"] = "30" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        await BuildAsync(rig, Alice);
        const string Usage = "Say what to change after the command, e.g. /change add a --verbose flag. It changes Temperature converter.";

        clock.Advance(TimeSpan.FromDays(29));
        rig.Telegram.SendText(Alice, "/change");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text == Usage, "the project still remembered after 29 days");

        clock.Advance(TimeSpan.FromDays(2));
        rig.Telegram.SendText(Alice, "/change add Kelvin");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("There is no project to change yet", StringComparison.Ordinal) == true, "the project forgotten after 31 days");

        // The housekeeping wipes what reading already ignores.
        (await CurrentProjectAsync(rig)).ShouldNotBeNull();
        await rig.Host.Services.GetServices<IHostedService>().OfType<DevBot.Telegram.TelegramHousekeeping>().Single().CleanAsync(CancellationToken.None);
        (await CurrentProjectAsync(rig)).ShouldBeNull();
    }

    [Fact]
    public async Task Projects_marks_the_current_project_and_its_buttons_switch_to_another()
    {
        await using var rig = await TelegramTestRig.StartAsync(model: KelvinModel());
        await BuildAsync(rig, Alice);
        await BuildAsync(rig, Alice, nth: 2);
        Guid older, newer;
        await using (var scope = rig.Host.Services.CreateAsyncScope())
        {
            var ids = await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<Project>().OrderBy(p => p.CreatedAt).Select(p => p.Id).ToListAsync();
            (older, newer) = (ids[0], ids[1]);
        }

        rig.Telegram.SendText(Alice, "/projects");
        var list = await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Your recent builds", StringComparison.Ordinal) == true, "the list");
        list.Text!.ShouldContain("#1 Temperature converter — completed");
        Line(list, "#1 ").ShouldEndWith("← current", Case.Sensitive, "the newest delivery is the current project");
        Line(list, "#2 ").ShouldNotContain("current");
        list.HasButton("#1 work on it").ShouldBeFalse("the current project needs no switch");
        (await CurrentProjectAsync(rig)).ShouldBe(newer);

        rig.Telegram.PressButton(Alice, list, "#2 work on it");
        await rig.Telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Now working on Temperature converter (version 1).", StringComparison.Ordinal) == true, "the switch");
        (await CurrentProjectAsync(rig)).ShouldBe(older);

        rig.Telegram.SendText(Alice, "/projects");
        var again = await rig.Telegram.WaitForAsync(
            t => t.Messages(Alice.ChatId).Where(m => m.Text?.StartsWith("Your recent builds", StringComparison.Ordinal) == true).Skip(1).FirstOrDefault(), "the list again");
        Line(again, "#2 ").ShouldEndWith("← current", Case.Sensitive);
        again.HasButton("#1 work on it").ShouldBeTrue();
    }

    private static string Line(StandInMessage message, string prefix) => message.Text!.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task<Guid?> CurrentProjectAsync(TelegramTestRig rig)
    {
        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        return await db.Set<ChatDialogue>().Where(d => d.ChatId == Alice.ChatId).Select(d => d.CurrentProjectId).SingleAsync();
    }
}
