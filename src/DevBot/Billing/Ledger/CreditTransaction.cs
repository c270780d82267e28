using DevBot.Llm;
using DevBot.Projects;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Billing.Ledger;

/// <summary>
/// One movement of a user's credits. The ledger is append-only (the database refuses updates) and is the
/// source of truth: <c>users.credits</c> is a cache that a database trigger keeps equal to the sum of these rows.
/// </summary>
public sealed class CreditTransaction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public CreditTransactionKind Kind { get; set; }

    /// <summary>Signed amount in micro-credits: positive adds to the balance, negative (usage) takes from it.</summary>
    public long AmountMicros { get; set; }

    /// <summary>The LLM call a usage row pays for; unique among usage rows, so a call is never charged twice.</summary>
    public Guid? LlmCallId { get; set; }

    public Guid? ProjectId { get; set; }

    /// <summary>
    /// The payment a purchase comes from (a Stripe Checkout Session id, <c>telegram_stars:...</c>, or <c>mock_...</c>); unique
    /// among purchases. A refund of that payment carries it too, unique among refunds.
    /// </summary>
    public string? PaymentId { get; set; }

    /// <summary>The Stripe event that granted a purchase; unique, so a redelivered event grants nothing more.</summary>
    public string? StripeEventId { get; set; }

    public required string Description { get; set; }
    public DateTime CreatedAt { get; set; }

    public decimal Amount => CreditAmount.FromMicros(AmountMicros);
}

public enum CreditTransactionKind
{
    Grant,
    Purchase,
    Usage,
    Refund,
    Adjustment,
}

internal sealed class CreditTransactionConfiguration : IEntityTypeConfiguration<CreditTransaction>
{
    public void Configure(EntityTypeBuilder<CreditTransaction> builder)
    {
        // SQLite cannot combine RETURNING with the AFTER INSERT trigger that keeps the balance.
        builder.ToTable("credit_transactions", t => t.UseSqlReturningClause(false));
        builder.Ignore(t => t.Amount);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId);
        builder.HasOne<LlmCall>().WithMany().HasForeignKey(t => t.LlmCallId);
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId);
    }
}
