using DevBot.Billing;
using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Billing.Usage;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Payments;
using DevBot.Telegram.Texts;
using Telegram.Bot.Types.ReplyMarkups;

namespace DevBot.Telegram.Conversation;

/// <summary>
/// The chat side of billing: <c>/credits</c>, <c>/buy</c> (credit packs paid in Telegram Stars, as Telegram requires
/// for digital goods sold in a bot; Stripe serves the HTTP API), and the Continue / Buy buttons of a paused build.
/// </summary>
internal sealed class CreditCommands(
    UsageReports usage,
    CreditLedger ledger,
    PausedBuilds pausedBuilds,
    StarPayments stars,
    TelegramOutbox outbox)
{
    public Task<decimal> BalanceAsync(ChatContext context, CancellationToken cancellationToken) => ledger.BalanceAsync(context.User.Id, cancellationToken);

    public async Task CreditsAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var summary = await usage.SummaryAsync(context.User.Id, cancellationToken);
        var used = summary?.Usage;
        var lines = new List<string> { words.Html(TextKey.YourBalance, ("credits", HtmlFragment.Bold(CreditFormat.Show(summary?.Balance ?? 0)))) };
        lines.Add(used is { Calls: > 0 }
            ? words.Html(TextKey.CreditsUsed, ("credits", CreditFormat.Show(used.Credits)), ("calls", used.Calls), ("tokens", (used.PromptTokens + used.CompletionTokens).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))
            : words[TextKey.CreditsUnused]);
        if (CanBuy)
        {
            lines.Add(words[TextKey.CreditsBuyMore]);
        }

        outbox.Send(context.ChatId, string.Join("\n", lines));
    }

    /// <summary><c>/buy</c> lists the packs; <c>/buy NAME</c> (or a pack's button) sends its invoice. Returns the button's short answer.</summary>
    public string Buy(ChatContext context, string packName)
    {
        var words = context.Words;
        if (!CanBuy || string.IsNullOrWhiteSpace(packName))
        {
            ShowPacks(context.ChatId, words);
            return words[TextKey.AnswerCreditPacks];
        }

        if (stars.Find(packName) is not { } pack)
        {
            outbox.Send(context.ChatId, words.Html(TextKey.BuyUnknownPack, ("pack", packName.Trim()), ("packs", string.Join(", ", stars.Packs.Select(p => p.Name)))));
            return words[TextKey.AnswerNotFound];
        }

        stars.SendInvoice(context.ChatId, pack, words);
        return words[TextKey.AnswerInvoice];
    }

    public void ShowPacks(long chatId, Words words)
    {
        if (!CanBuy)
        {
            outbox.Send(chatId, words[TextKey.BuyUnavailable]);
            return;
        }

        var lines = stars.Packs.Select(p => words.Html(TextKey.BuyPackLine,
            ("pack", HtmlFragment.Bold(p.Name)), ("credits", CreditFormat.Show(p.Credits)), ("stars", p.Stars)));
        outbox.Send(chatId, words.Html(TextKey.BuyPacks, ("packs", HtmlFragment.Join("\n", lines))), ChatKeyboards.StarPacks(stars.Packs, words));
    }

    /// <summary>The Continue button of a build paused for credits; returns the button's short answer.</summary>
    public async Task<string> ContinueAsync(ChatContext context, Guid projectId, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var result = await pausedBuilds.ContinueAsync(context.User.Id, projectId, cancellationToken);
        switch (result.Status)
        {
            case ContinueStatus.Continued:
                outbox.Send(context.ChatId, words.Html(TextKey.ContinueContinued,
                    ("cap", CreditFormat.Show(result.Spending!.CapCredits)), ("spent", CreditFormat.Show(result.Spending.SpentCredits))), projectId: projectId);
                context.Effects.WorkQueued = true;
                return words[TextKey.AnswerContinuing];
            case ContinueStatus.NeedsCredits:
                outbox.Send(context.ChatId, words.Html(TextKey.ContinueNeedsCredits, ("balance", CreditFormat.Show(await BalanceAsync(context, cancellationToken)))),
                    BuyKeyboard(words), projectId);
                return words[TextKey.AnswerCreditsNeeded];
            case ContinueStatus.NotPaused:
                outbox.Send(context.ChatId, words[TextKey.ContinueNotPaused], projectId: projectId);
                return words[TextKey.AnswerNotPaused];
            default:
                outbox.Send(context.ChatId, words[TextKey.BuildNotYours]);
                return words[TextKey.AnswerNotFound];
        }
    }

    public InlineKeyboardMarkup? BuyKeyboard(Words words) => CanBuy ? ChatKeyboards.BuyCredits(words) : null;

    /// <summary>Stars packs are on sale (<c>TELEGRAM_STARS_PACKS</c> is not empty).</summary>
    public bool CanBuy => stars.Packs.Count > 0;
}
