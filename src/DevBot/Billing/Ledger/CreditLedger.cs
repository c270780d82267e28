using DevBot.Audit;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Billing.Ledger;

/// <summary>
/// Writes and reads the credit ledger. Every balance change is a ledger row; the database (a trigger)
/// applies it to <c>users.credits</c> atomically, and unique indexes refuse a second charge of one call or a
/// second grant of one payment, so no code path here reads, modifies and writes a balance.
/// </summary>
public sealed class CreditLedger(DevBotDbContext db, AuditTrail audit, LlmUsage llmUsage, TimeProvider time)
{
    public const string PurchaseAction = "credits.purchase";

    /// <summary>The most credits one grant, refund, adjustment or purchase may carry, either way.</summary>
    public const decimal MaxCreditsPerChange = 1_000_000_000m;

    private DbSet<CreditTransaction> Transactions => db.Set<CreditTransaction>();

    /// <summary>Whether an amount may be one ledger change: non-zero, at most <see cref="MaxCreditsPerChange"/>, at most 6 decimals.</summary>
    public static bool IsValidChange(decimal credits) =>
        credits != 0 && Math.Abs(credits) <= MaxCreditsPerChange && CreditMath.RoundCredits(credits) == credits;

    /// <summary>Adds the charge for a successful call to the caller's unit of work (saved with the call itself).</summary>
    public static CreditTransaction AddUsage(DevBotDbContext db, LlmCall call, Guid userId, UsageCharge charge, DateTime now)
    {
        var row = new CreditTransaction
        {
            UserId = userId,
            Kind = CreditTransactionKind.Usage,
            AmountMicros = -charge.CreditMicros,
            LlmCallId = call.Id,
            ProjectId = call.ProjectId,
            Description = $"{call.Role} call to {call.Model}: {call.PromptTokens} prompt + {call.CompletionTokens} completion tokens"
                + (call.TokensEstimated ? " (estimated)" : string.Empty),
            CreatedAt = now,
        };
        db.Set<CreditTransaction>().Add(row);
        return row;
    }

    public async Task<decimal> BalanceAsync(Guid userId, CancellationToken cancellationToken)
    {
        var balance = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId).Select(u => (decimal?)u.Credits).FirstOrDefaultAsync(cancellationToken);
        return balance ?? throw new UnknownUserException(userId);
    }

    /// <summary>
    /// A grant, refund or adjustment by an operator or admin, audited in the same transaction.
    /// Positive amounts add credits; refunds and adjustments may also be negative.
    /// </summary>
    public async Task<CreditTransaction> AddManualAsync(
        Guid userId, CreditTransactionKind kind, decimal credits, string description, Actor actor, CancellationToken cancellationToken)
    {
        if (kind is not (CreditTransactionKind.Grant or CreditTransactionKind.Refund or CreditTransactionKind.Adjustment))
        {
            throw new ArgumentException("Only grants, refunds and adjustments are made by hand; usage and purchases have their own paths.", nameof(kind));
        }

        if (!IsValidChange(credits) || (kind == CreditTransactionKind.Grant && credits < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(credits), credits,
                "The amount must be non-zero (positive for a grant), at most 1,000,000,000 credits, with at most 6 decimals.");
        }

        if (!await db.Set<User>().AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw new UnknownUserException(userId);
        }

        var row = new CreditTransaction
        {
            UserId = userId,
            Kind = kind,
            AmountMicros = CreditAmount.ToMicros(credits),
            Description = string.IsNullOrWhiteSpace(description) ? $"{kind} by {actor.Name}" : description.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        Transactions.Add(row);
        audit.Add(db, actor, $"credits.{kind.ToString().ToLowerInvariant()}", new { userId, credits, row.Description, transactionId = row.Id }, userId);
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>
    /// Credits a paid purchase once, audited (<see cref="PurchaseAction"/>) in the same transaction: a second delivery
    /// of the same payment or Stripe event is recognised (by the database's unique indexes, so even two deliveries
    /// at the same moment) and grants nothing.
    /// </summary>
    public async Task<PurchaseRecord> RecordPurchaseAsync(Purchase purchase, Actor actor, CancellationToken cancellationToken)
    {
        if (!IsValidChange(purchase.Credits) || purchase.Credits < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(purchase), purchase.Credits,
                $"A purchase must be positive, at most {MaxCreditsPerChange} credits, with at most 6 decimals.");
        }

        if (await IsRecordedAsync(purchase, cancellationToken))
        {
            return new PurchaseRecord(purchase, Granted: false);
        }

        var row = new CreditTransaction
        {
            UserId = purchase.UserId,
            Kind = CreditTransactionKind.Purchase,
            AmountMicros = CreditAmount.ToMicros(purchase.Credits),
            PaymentId = purchase.PaymentId,
            StripeEventId = purchase.StripeEventId,
            Description = purchase.Description,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        Transactions.Add(row);
        var entry = audit.Add(db, actor, PurchaseAction,
            new { transactionId = row.Id, credits = purchase.Credits, paymentId = purchase.PaymentId, stripeEventId = purchase.StripeEventId, description = purchase.Description },
            purchase.UserId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new PurchaseRecord(purchase, Granted: true);
        }
        catch (DbUpdateException)
        {
            // Another delivery of the same payment won the race; the unique indexes refused this one.
            Forget(row, entry);
            if (await IsRecordedAsync(purchase, cancellationToken))
            {
                return new PurchaseRecord(purchase, Granted: false);
            }

            throw;
        }
    }

    /// <summary>
    /// Takes back exactly what a purchase granted, once (a refund by the payment provider): the database's unique
    /// index on refunded payments refuses a second refund of the same payment, even one at the same moment.
    /// Audited in the same transaction. The balance may go below zero when the credits were already spent.
    /// </summary>
    public async Task<RefundRecord> RecordRefundAsync(string paymentId, string description, Actor actor, CancellationToken cancellationToken)
    {
        var purchase = await Transactions.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Kind == CreditTransactionKind.Purchase && t.PaymentId == paymentId, cancellationToken);
        if (purchase is null)
        {
            return new RefundRecord(RefundOutcome.NoSuchPurchase, null);
        }

        if (await IsRefundedAsync(paymentId, cancellationToken))
        {
            return new RefundRecord(RefundOutcome.AlreadyRefunded, purchase.Amount);
        }

        var row = new CreditTransaction
        {
            UserId = purchase.UserId,
            Kind = CreditTransactionKind.Refund,
            AmountMicros = -purchase.AmountMicros,
            PaymentId = paymentId,
            Description = description,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        Transactions.Add(row);
        var entry = audit.Add(db, actor, "credits.refund", new { userId = purchase.UserId, credits = -purchase.Amount, paymentId, row.Description, transactionId = row.Id });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new RefundRecord(RefundOutcome.Refunded, purchase.Amount);
        }
        catch (DbUpdateException)
        {
            Forget(row, entry);
            if (await IsRefundedAsync(paymentId, cancellationToken))
            {
                return new RefundRecord(RefundOutcome.AlreadyRefunded, purchase.Amount);
            }

            throw;
        }
    }

    public async Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var sums = await Transactions.AsNoTracking()
            .GroupBy(t => t.UserId)
            .Select(g => new { UserId = g.Key, Micros = g.Sum(t => t.AmountMicros) })
            .ToDictionaryAsync(x => x.UserId, x => x.Micros, cancellationToken);
        var mismatches = new List<BalanceMismatch>();
        var users = 0;
        await foreach (var user in db.Set<User>().AsNoTracking().OrderBy(u => u.CreatedAt).Select(u => new { u.Id, u.Name, u.Credits }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            users++;
            var ledger = CreditAmount.FromMicros(sums.GetValueOrDefault(user.Id));
            if (user.Credits != ledger)
            {
                mismatches.Add(new BalanceMismatch(user.Id, user.Name, user.Credits, ledger));
            }
        }

        var unbilled = await UnmatchedChargesAsync(cancellationToken);
        return new LedgerVerification(users, mismatches, unbilled);
    }

    /// <summary>Successful calls whose recorded credits differ from their usage row (or that lack one): a charge lost or doubled.</summary>
    private async Task<IReadOnlyList<ChargeMismatch>> UnmatchedChargesAsync(CancellationToken cancellationToken)
    {
        var usage = await Transactions.AsNoTracking()
            .Where(t => t.Kind == CreditTransactionKind.Usage)
            .Select(t => new { t.LlmCallId, t.AmountMicros })
            .ToDictionaryAsync(t => t.LlmCallId!.Value, t => t.AmountMicros, cancellationToken);
        var mismatches = new List<ChargeMismatch>();
        await foreach (var call in llmUsage.PricedCallsAsync().WithCancellation(cancellationToken))
        {
            var charged = -CreditAmount.FromMicros(usage.GetValueOrDefault(call.Id));
            if (charged != call.Credits)
            {
                mismatches.Add(new ChargeMismatch(call.Id, call.Credits, charged));
            }
        }

        return mismatches;
    }

    private void Forget(CreditTransaction row, AuditEntry? entry)
    {
        db.Entry(row).State = EntityState.Detached;
        if (entry is not null)
        {
            db.Entry(entry).State = EntityState.Detached;
        }
    }

    private Task<bool> IsRefundedAsync(string paymentId, CancellationToken cancellationToken) =>
        Transactions.AsNoTracking().AnyAsync(t => t.Kind == CreditTransactionKind.Refund && t.PaymentId == paymentId, cancellationToken);

    private Task<bool> IsRecordedAsync(Purchase purchase, CancellationToken cancellationToken) =>
        Transactions.AsNoTracking().AnyAsync(
            t => (t.Kind == CreditTransactionKind.Purchase && t.PaymentId == purchase.PaymentId)
                || (purchase.StripeEventId != null && t.StripeEventId == purchase.StripeEventId),
            cancellationToken);
}

/// <summary>A paid credit pack to put in the ledger.</summary>
public sealed record Purchase(Guid UserId, decimal Credits, string PaymentId, string? StripeEventId, string Description);

public sealed record PurchaseRecord(Purchase Purchase, bool Granted);

public enum RefundOutcome
{
    Refunded,

    /// <summary>The payment was refunded before; nothing more was taken back.</summary>
    AlreadyRefunded,

    /// <summary>No purchase was credited for this payment (nothing to take back).</summary>
    NoSuchPurchase,
}

/// <summary>The result of a refund and the credits the purchase had granted (what was, or had been, taken back).</summary>
public sealed record RefundRecord(RefundOutcome Outcome, decimal? Credits);

public sealed record BalanceMismatch(Guid UserId, string Name, decimal Balance, decimal LedgerSum);

public sealed record ChargeMismatch(Guid LlmCallId, decimal CallCredits, decimal LedgerCharge);

public sealed record LedgerVerification(int Users, IReadOnlyList<BalanceMismatch> Balances, IReadOnlyList<ChargeMismatch> Charges)
{
    public bool IsConsistent => Balances.Count == 0 && Charges.Count == 0;
}

public sealed class UnknownUserException(Guid userId) : Exception($"There is no user {userId}.")
{
    public Guid UserId { get; } = userId;
}
