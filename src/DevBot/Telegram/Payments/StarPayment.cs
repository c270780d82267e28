using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Telegram.Payments;

/// <summary>A payment in Telegram Stars as Telegram confirmed it (successful_payment), and whether it was refunded.</summary>
internal sealed class StarPayment
{
    /// <summary>Telegram's telegram_payment_charge_id: what a refund names, and what makes a payment count once.</summary>
    public required string ChargeId { get; set; }

    /// <summary>The payer; refundStarPayment returns the Stars to this Telegram user.</summary>
    public long TelegramUserId { get; set; }

    /// <summary>The DevBot user credited.</summary>
    public Guid UserId { get; set; }

    /// <summary>The pack the invoice offered; null when the payload was not one of ours (nothing was credited).</summary>
    public string? Pack { get; set; }

    public int Stars { get; set; }
    public long CreditsMicros { get; set; }
    public required string InvoicePayload { get; set; }
    public string? ProviderChargeId { get; set; }

    /// <summary>The payer's language when they paid, for the words of a later refund.</summary>
    public string? Language { get; set; }

    public DateTime PaidAt { get; set; }
    public DateTime? RefundedAt { get; set; }
}

internal sealed class StarPaymentConfiguration : IEntityTypeConfiguration<StarPayment>
{
    public void Configure(EntityTypeBuilder<StarPayment> builder)
    {
        builder.ToTable("telegram_star_payments");
        builder.HasKey(p => p.ChargeId);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId);
    }
}
