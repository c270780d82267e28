using DevBot.Shared;
using DevBot.Users;
using DevBot.Billing;
using DevBot.Audit;
using DevBot.Billing.CostControl;
using DevBot.Billing.Ledger;
using DevBot.Data;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Texts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Payments;

namespace DevBot.Telegram.Payments;

public enum StarRefundOutcome
{
    Refunded,
    AlreadyRefunded,
    NotFound,

    /// <summary>Telegram refused or could not be reached; nothing changed in the ledger.</summary>
    TelegramRefused,
}

public sealed record StarRefundResult(StarRefundOutcome Outcome, StarPayment? Payment = null, decimal? Balance = null, string? Problem = null);

/// <summary>
/// Credit packs sold for Telegram Stars, the way Telegram wants digital goods in a bot paid for: an invoice in XTR
/// (no payment provider), a pre-checkout check that the offer is still ours and current, and the credits granted
/// once per telegram_payment_charge_id when the payment arrives — in the ledger as a purchase, audited, with
/// builds paused for credits going on, exactly like a Stripe purchase. An administrator can refund a payment.
/// </summary>
public sealed class StarPayments(
    DevBotDbContext db,
    CreditLedger ledger,
    PausedBuilds pausedBuilds,
    StarInvoices invoices,
    TelegramOutbox outbox,
    BotTexts texts,
    ITelegramBotClient bot,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<StarPayments> logger)
{
    /// <summary>Ledger payment ids of Stars purchases: the prefix and Telegram's charge id.</summary>
    public const string PaymentIdPrefix = "telegram_stars:";

    /// <summary>Telegram's limits on an invoice's title and description.</summary>
    private const int TitleLimit = 32;

    private const int DescriptionLimit = 255;

    public IReadOnlyList<StarPack> Packs => options.Value.StarPacks();

    public StarPack? Find(string? name) =>
        Packs.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Puts the pack's invoice into the chat's outbox, after whatever the chat was told before.</summary>
    public void SendInvoice(long chatId, StarPack pack, Words words)
    {
        var credits = CreditFormat.Show(pack.Credits);
        outbox.SendInvoice(chatId, new InvoicePayload(
            Clip(words.Plain(TextKey.InvoiceTitle, ("credits", credits), ("pack", pack.Name)), TitleLimit),
            Clip(words.Plain(TextKey.InvoiceDescription, ("credits", credits), ("pack", pack.Name)), DescriptionLimit),
            invoices.PayloadFor(pack),
            words.Plain(TextKey.InvoicePriceLabel, ("credits", credits)),
            pack.Stars));
    }

    /// <summary>
    /// The answer to a pre-checkout query: null (go ahead) only for an invoice this bot made, in Stars, for a pack
    /// still on sale at that price; otherwise the sentence Telegram shows the buyer.
    /// </summary>
    public string? Check(PreCheckoutQuery query, Words words)
    {
        var offer = invoices.Read(query.InvoicePayload);
        if (offer is null || query.Currency != StarPack.Currency)
        {
            logger.LogWarning("Refused a pre-checkout query from Telegram user {TelegramUserId}: the invoice is not one of this bot's", query.From.Id);
            return words[TextKey.PaymentNotOurs];
        }

        var current = Find(offer.Pack);
        if (current is null || current.Credits != offer.Credits || current.Stars != offer.Stars || query.TotalAmount != offer.Stars)
        {
            logger.LogInformation("Refused a pre-checkout query for pack {Pack}: the offer is no longer current", offer.Pack);
            return words[TextKey.PaymentOfferChanged];
        }

        return null;
    }

    /// <summary>
    /// A successful payment: the pack's credits, granted once per charge id (a second delivery finds the payment
    /// and the ledger's unique index and grants nothing), in the update's transaction.
    /// </summary>
    public async Task CreditAsync(ChatContext context, SuccessfulPayment payment, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var chargeId = payment.TelegramPaymentChargeId;
        if (await db.Set<StarPayment>().AnyAsync(p => p.ChargeId == chargeId, cancellationToken))
        {
            logger.LogInformation("Telegram payment {ChargeId} arrived again; it was credited before", chargeId);
            return;
        }

        var offer = payment.Currency == StarPack.Currency ? invoices.Read(payment.InvoicePayload) : null;
        var row = new StarPayment
        {
            ChargeId = chargeId,
            TelegramUserId = context.From.Id,
            UserId = context.User.Id,
            Pack = offer?.Pack,
            Stars = checked((int)payment.TotalAmount),
            CreditsMicros = offer is null ? 0 : CreditAmount.ToMicros(offer.Credits),
            InvoicePayload = payment.InvoicePayload,
            ProviderChargeId = string.IsNullOrEmpty(payment.ProviderPaymentChargeId) ? null : payment.ProviderPaymentChargeId,
            Language = words.Language,
            PaidAt = time.GetUtcNow().UtcDateTime,
        };
        if (offer is null)
        {
            // Telegram completes only payments the pre-checkout approved, so this is not expected; the payment is
            // kept (an administrator can refund it) and nothing is credited.
            logger.LogError("Telegram payment {ChargeId} of {Stars} {Currency} carries no invoice of this bot; nothing credited", chargeId, payment.TotalAmount, payment.Currency);
            db.Set<StarPayment>().Add(row);
            outbox.Send(context.ChatId, words.Html(TextKey.PaymentUnmatched, ("charge", HtmlFragment.Code(chargeId))));
            return;
        }

        var record = await ledger.RecordPurchaseAsync(
            new Purchase(context.User.Id, offer.Credits, PaymentIdPrefix + chargeId, StripeEventId: null,
                $"Telegram Stars purchase: {offer.Pack} ({CreditFormat.Show(offer.Credits)} credits for {offer.Stars} Stars)"),
            context.Actor,
            cancellationToken);
        if (!record.Granted)
        {
            logger.LogInformation("Telegram payment {ChargeId} was already in the ledger; nothing more credited", chargeId);
            return;
        }

        db.Set<StarPayment>().Add(row);
        await db.SaveChangesAsync(cancellationToken);
        if ((await pausedBuilds.ResumeAfterTopUpAsync(context.User.Id, cancellationToken)).Count > 0)
        {
            context.Effects.WorkQueued = true;
        }

        logger.LogInformation("Telegram payment {ChargeId}: {Credits} credits for {Stars} Stars granted to {UserId}", chargeId, offer.Credits, offer.Stars, context.User.Id);
        outbox.Send(context.ChatId, words.Html(TextKey.PaymentReceived,
            ("credits", HtmlFragment.Bold(CreditFormat.Show(offer.Credits))),
            ("stars", offer.Stars),
            ("balance", HtmlFragment.Bold(CreditFormat.Show(await ledger.BalanceAsync(context.User.Id, cancellationToken)))),
            ("charge", HtmlFragment.Code(chargeId))));
    }

    /// <summary>The newest payments, for an administrator looking for a charge id.</summary>
    public Task<List<StarPayment>> RecentAsync(int count, CancellationToken cancellationToken) =>
        db.Set<StarPayment>().AsNoTracking().OrderByDescending(p => p.PaidAt).Take(count).ToListAsync(cancellationToken);

    /// <summary>
    /// Returns a payment's Stars (refundStarPayment) and takes its credits back in the ledger, each once. Telegram
    /// goes first: if the process dies after it, the next attempt finds the charge refunded there
    /// (CHARGE_ALREADY_REFUNDED) and completes the ledger side. Runs outside any update's transaction.
    /// </summary>
    public async Task<StarRefundResult> RefundAsync(string chargeId, Actor admin, CancellationToken cancellationToken)
    {
        var payment = await db.Set<StarPayment>().FirstOrDefaultAsync(p => p.ChargeId == chargeId, cancellationToken);
        if (payment is null)
        {
            return new StarRefundResult(StarRefundOutcome.NotFound);
        }

        if (payment.RefundedAt is not null)
        {
            return new StarRefundResult(StarRefundOutcome.AlreadyRefunded, payment);
        }

        try
        {
            using var deadline = new BotApiDeadline(BotApiClient.CallTimeout, time, cancellationToken);
            await bot.RefundStarPayment(payment.TelegramUserId, chargeId, deadline.Token);
        }
        catch (Exception ex) when (BotApiFailure.Of(ex, cancellationToken) is { } failure)
        {
            // Refunded there already (an earlier attempt died before the ledger): finish the ledger side below.
            if (!failure.Description.Contains("CHARGE_ALREADY_REFUNDED", StringComparison.OrdinalIgnoreCase))
            {
                logger.LogWarning("Refunding Telegram payment {ChargeId} failed: {Error}", chargeId, failure.Description);
                return new StarRefundResult(StarRefundOutcome.TelegramRefused, payment, Problem: failure.Description);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var refund = payment.CreditsMicros > 0
            ? await ledger.RecordRefundAsync(PaymentIdPrefix + chargeId,
                $"Telegram Stars refund: {payment.Pack} ({payment.Stars} Stars returned)", admin, cancellationToken)
            : null;
        payment.RefundedAt = time.GetUtcNow().UtcDateTime;
        var words = texts.For(payment.Language);
        var credits = CreditFormat.Show(CreditAmount.FromMicros(payment.CreditsMicros));
        if (refund?.Outcome != RefundOutcome.AlreadyRefunded)
        {
            outbox.Send(payment.TelegramUserId, words.Html(TextKey.PaymentRefundedToBuyer,
                ("stars", payment.Stars), ("credits", HtmlFragment.Bold(credits)), ("charge", HtmlFragment.Code(chargeId))));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var balance = await ledger.BalanceAsync(payment.UserId, cancellationToken);
        logger.LogInformation("Telegram payment {ChargeId} refunded: {Stars} Stars returned, {Credits} credits taken back", chargeId, payment.Stars, credits);
        return new StarRefundResult(refund?.Outcome == RefundOutcome.AlreadyRefunded ? StarRefundOutcome.AlreadyRefunded : StarRefundOutcome.Refunded, payment, balance);
    }

    private static string Clip(string text, int limit) => Utf8Text.Clip(text, limit);
}
