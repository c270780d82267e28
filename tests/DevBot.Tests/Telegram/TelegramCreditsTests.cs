using DevBot.Tests.Billing;
using DevBot.Tests.Telegram.BotApiStandIn;

namespace DevBot.Tests.Telegram;

/// <summary>Credits in chat: balance and usage, buying a pack with Stars, and a build paused at its cap going on after Continue.</summary>
public sealed class TelegramCreditsTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");

    [Fact]
    public async Task Credits_buy_and_a_paused_build_continued_from_chat_end_with_the_zip()
    {
        await using var rig = await TelegramTestRig.StartAsync(settings: BillingTestHost.Metered(
            ("MAX_CREDITS_PER_BUILD", "0.3")));
        await rig.Host.PriceAsync(BillingTestHost.Model, 1m, 1m);
        var telegram = rig.Telegram;

        telegram.SendText(Alice, "/start");
        (await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.Contains("Welcome") == true, "the greeting")).Text!
            .ShouldContain("Your balance: 100 credits.", Case.Sensitive, "the initial grant shows at once");
        telegram.SendText(Alice, "/credits");
        (await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Your balance: 100 credits.", StringComparison.Ordinal) == true, "the credits answer")).Text!
            .ShouldContain("You haven't used any yet.");

        telegram.SendText(Alice, "/buy");
        var packs = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("starter — 250 ⭐"), "the credit packs");
        packs.Text!.ShouldContain("Telegram Stars");
        telegram.PressButton(Alice, packs, "starter — 250 ⭐");
        var invoice = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Invoice is not null, "the invoice");
        telegram.PayInvoice(Alice, invoice);
        (await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Payment received", StringComparison.Ordinal) == true, "the purchase")).Text!
            .ShouldContain("Your balance: 600 credits.");

        telegram.SendText(Alice, "/new A command line temperature converter in Python, with tests.");
        var draft = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "the draft");
        telegram.PressButton(Alice, draft, "Python");

        // Each pause at the 0.3-credit cap announces itself with a Continue button; pressing it lets the build go on.
        var pressed = 0;
        while (telegram.Messages(Alice.ChatId).All(m => m.DocumentBytes is null))
        {
            var pause = await telegram.WaitForAsync(
                t => t.Messages(Alice.ChatId).FirstOrDefault(m => m.DocumentBytes is not null)
                    ?? t.Messages(Alice.ChatId).Where(m => m.HasButton("Continue")).Skip(pressed).FirstOrDefault(),
                "a pause or the ZIP", TimeSpan.FromSeconds(90));
            if (pause.DocumentBytes is not null)
            {
                break;
            }

            pause.Text!.ShouldContain("is paused");
            pause.HasButton("Buy credits").ShouldBeTrue();
            telegram.PressButton(Alice, pause, "Continue");
            pressed++;
            pressed.ShouldBeLessThan(40, "every Continue lets the build make progress");
            await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("The build continues", StringComparison.Ordinal) == true
                && telegram.Messages(Alice.ChatId).Count(x => x.Text?.StartsWith("The build continues", StringComparison.Ordinal) == true) == pressed, "the continue answer");
        }

        pressed.ShouldBeGreaterThan(0, "the cap was reached at least once");
        var document = telegram.Messages(Alice.ChatId).Single(m => m.DocumentBytes is not null);
        document.Caption!.ShouldContain("credits");
        document.Caption!.ShouldNotContain("· 0 credits");
        draft.TextHistory.ShouldContain(t => t.Contains("Estimated cost: about"));
        await rig.Host.ShouldBeConsistentAsync();
    }
}
