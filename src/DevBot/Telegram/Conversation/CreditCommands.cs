using DevBot.Billing;
using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Billing.Stripe;
using DevBot.Billing.Usage;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Conversation;

/// <summary>The chat side of billing: <c>/credits</c>, <c>/buy</c>, and the Continue / Buy buttons of a paused build.</summary>
public sealed class CreditCommands(
    UsageReports usage,
    CreditLedger ledger,
    CreditPurchases purchases,
    PausedBuilds pausedBuilds,
    TelegramOutbox outbox,
    IOptions<StripeOptions> stripe,
    ILogger<CreditCommands> logger)
{
    public const string Unavailable = "Buying credits isn't set up on this DevBot. Ask its operator to add credits to your account.";

    public Task<decimal> BalanceAsync(ChatContext context, CancellationToken cancellationToken) => ledger.BalanceAsync(context.User.Id, cancellationToken);

    public async Task CreditsAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var summary = await usage.SummaryAsync(context.User.Id, cancellationToken);
        var balance = summary?.Balance ?? 0;
        var used = summary?.Usage;
        outbox.Send(context.ChatId,
            $"Your balance: {TelegramHtml.Bold(CreditFormat.Show(balance))} credits.\n"
            + (used is { Calls: > 0 }
                ? $"Used so far: {CreditFormat.Show(used.Credits)} credits on {used.Calls} model calls ({(used.PromptTokens + used.CompletionTokens):N0} tokens).\n"
                : "You haven't used any yet.\n")
            + (CanBuy ? "Buy more with /buy." : string.Empty));
    }

    /// <summary><c>/buy</c> lists the packs; <c>/buy NAME</c> (or a pack's button) starts buying it once the update is committed.</summary>
    public void Buy(ChatContext context, string packName)
    {
        if (string.IsNullOrWhiteSpace(packName))
        {
            ShowPacks(context.ChatId);
            return;
        }

        var (chatId, userId) = (context.ChatId, context.User.Id);
        context.Effects.AfterCommit((services, cancellationToken) =>
            services.GetRequiredService<CreditCommands>().StartPurchaseAsync(chatId, userId, packName.Trim(), cancellationToken));
    }

    public void ShowPacks(long chatId)
    {
        if (!CanBuy)
        {
            outbox.Send(chatId, Unavailable);
            return;
        }

        var currency = stripe.Value.Currency;
        var packs = purchases.Packs;
        var lines = packs.Select(p => $"• {TelegramHtml.Bold(p.Name)}: {CreditFormat.Show(p.Credits)} credits for {CreditPurchases.FormatPrice(p.PriceCents, currency)}");
        outbox.Send(chatId,
            "<b>Credit packs</b>\n" + string.Join("\n", lines) + (stripe.Value.MockPayments ? "\n\n<i>Test mode: no payment is taken.</i>" : string.Empty),
            new InlineKeyboardMarkup([[.. packs.Select(p => InlineKeyboardButton.Callback($"Buy {p.Name}", CallbackData.Buy(p.Name)))]]));
    }

    /// <summary>Asks the payment provider for a checkout (or grants a mock purchase) and tells the chat.</summary>
    public async Task StartPurchaseAsync(long chatId, Guid userId, string packName, CancellationToken cancellationToken)
    {
        try
        {
            var start = await purchases.StartAsync(userId, packName, cancellationToken);
            if (start.CheckoutUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var checkout))
            {
                outbox.Send(chatId,
                    $"{TelegramHtml.Bold(start.Pack.Name)}: {CreditFormat.Show(start.Pack.Credits)} credits for {CreditPurchases.FormatPrice(start.Pack.PriceCents, stripe.Value.Currency)}.\n"
                    + "Pay with the button below; the credits arrive as soon as Stripe confirms the payment, and paused builds go on by themselves.",
                    new InlineKeyboardMarkup([[new InlineKeyboardButton("Pay with Stripe") { Url = checkout.AbsoluteUri }]]));
            }
            else
            {
                outbox.Send(chatId, TelegramHtml.Escape(start.Message));
            }
        }
        catch (PurchasesUnavailableException)
        {
            outbox.Send(chatId, Unavailable);
        }
        catch (UnknownPackException ex)
        {
            outbox.Send(chatId, TelegramHtml.Escape(ex.Message) + " Send /buy to see them.");
        }
        catch (StripeException ex)
        {
            logger.LogWarning(ex, "Starting a credit purchase for user {UserId} failed", userId);
            outbox.Send(chatId, "The payment service could not be reached just now. Please try /buy again in a minute.");
        }
    }

    /// <summary>The Continue button of a build paused for credits; returns the button's short answer.</summary>
    public async Task<string> ContinueAsync(ChatContext context, Guid projectId, CancellationToken cancellationToken)
    {
        var result = await pausedBuilds.ContinueAsync(context.User.Id, projectId, cancellationToken);
        var keyboard = result.Status == ContinueStatus.NeedsCredits && CanBuy ? BuyKeyboard() : null;
        outbox.Send(context.ChatId, TelegramHtml.Escape(result.Message), keyboard, projectId);
        if (result.Status == ContinueStatus.Continued)
        {
            context.Effects.WorkQueued = true;
            return "Continuing.";
        }

        return result.Status == ContinueStatus.NeedsCredits ? "Credits needed." : "Not paused.";
    }

    public InlineKeyboardMarkup? BuyKeyboard() =>
        CanBuy ? new InlineKeyboardMarkup([[InlineKeyboardButton.Callback("Buy credits", CallbackData.Packs)]]) : null;

    private bool CanBuy => stripe.Value.MockPayments || stripe.Value.CheckoutConfigured;
}
